package io.kpm.schemas.events;

import io.kpm.schemas.Topics;

/** The node takes no new ranks; the ones it runs go on. */
public record NodeDraining(EventMeta meta, String nodeId, String hostname, int cores, String reason)
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
