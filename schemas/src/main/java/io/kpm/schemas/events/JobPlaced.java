package io.kpm.schemas.events;

import java.util.List;

import io.kpm.schemas.Topics;

/**
 * The scheduler's placement decision: every rank's node, the job's node list in placement order, and
 * {@code PMI_process_mapping} as MPICH reads it ({@code (vector,(start,count,ppn),...)}), and the inputs it was
 * made from ({@code input}; absent in logs written before kpm recorded it).
 */
public record JobPlaced(
        EventMeta meta,
        long pgid,
        String kvsname,
        int size,
        List<String> nodes,
        List<RankPlacement> ranks,
        String processMapping,
        PlacementInput input) implements KpmEvent, JobScoped {

    public JobPlaced {
        nodes = List.copyOf(nodes);
        ranks = List.copyOf(ranks);
    }

    /** A decision without its recorded inputs (tests, and events of older logs). */
    public JobPlaced(EventMeta meta, long pgid, String kvsname, int size, List<String> nodes,
            List<RankPlacement> ranks, String processMapping) {
        this(meta, pgid, kvsname, size, nodes, ranks, processMapping, null);
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
