package io.kpm.schemas.events;

import java.util.List;

import io.kpm.schemas.Topics;

/**
 * The scheduler's placement decision: every rank's node, the job's node list in placement order, and
 * {@code PMI_process_mapping} as MPICH reads it ({@code (vector,(start,count,ppn),...)}).
 */
public record JobPlaced(
        EventMeta meta,
        long pgid,
        String kvsname,
        int size,
        List<String> nodes,
        List<RankPlacement> ranks,
        String processMapping) implements KpmEvent {

    public JobPlaced {
        nodes = List.copyOf(nodes);
        ranks = List.copyOf(ranks);
    }

    @Override
    public String kafkaKey() {
        return Long.toString(pgid);
    }

    @Override
    public String topic() {
        return Topics.JOBS;
    }
}
