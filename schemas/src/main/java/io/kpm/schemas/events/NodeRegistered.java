package io.kpm.schemas.events;

import io.kpm.schemas.Topics;

/** A node agent started and offers {@code cores} cores on {@code hostname}. */
public record NodeRegistered(EventMeta meta, String nodeId, String hostname, int cores, String agentUrl)
        implements KpmEvent {

    @Override
    public String kafkaKey() {
        return nodeId;
    }

    @Override
    public String topic() {
        return Topics.NODES;
    }
}
