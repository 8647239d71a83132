package io.kpm.schemas.events;

import io.kpm.schemas.Topics;

/** An operator ended a node's drain ({@code kpm undrain}): it takes new ranks again. Same key as {@link NodeDraining}. */
public record NodeUndrained(EventMeta meta, String nodeId, String reason) implements KpmEvent {

    @Override
    public String kafkaKey() {
        return NodeDraining.drainKey(nodeId);
    }

    @Override
    public String topic() {
        return Topics.NODES;
    }
}
