package io.kpm.schemas.events;

import java.util.List;

import io.kpm.schemas.Topics;

/** Every rank of the spawned group started. {@code errcodes} has one entry per rank (all 0). */
public record SpawnCompleted(EventMeta meta, String requestId, long pgid, String kvsname, List<Integer> errcodes)
        implements KpmEvent, JobScoped {

    public SpawnCompleted {
        errcodes = List.copyOf(errcodes);
    }

    @Override
    public String kafkaKey() {
        return requestId;
    }

    @Override
    public String topic() {
        return Topics.SPAWN_RESULTS;
    }
}
