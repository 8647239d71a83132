package io.kpm.schemas.events;

import io.kpm.schemas.Topics;

/** A rank's process was started by its node agent. */
public record ProcStarted(EventMeta meta, long pgid, int rank, String nodeId, long pid) implements KpmEvent {

    @Override
    public String kafkaKey() {
        return Long.toString(pgid);
    }

    @Override
    public String topic() {
        return Topics.PROC_EVENTS;
    }
}
