package io.kpm.schemas.events;

import io.kpm.schemas.Topics;

/** Kill every process of the job on this node (and everything they started). */
public record KillRequested(EventMeta meta, String nodeId, long pgid, String reason) implements KpmEvent, JobScoped {

    @Override
    public String kafkaKey() {
        return nodeId;
    }

    @Override
    public String topic() {
        return Topics.LAUNCH;
    }
}
