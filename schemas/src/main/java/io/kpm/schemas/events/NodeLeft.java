package io.kpm.schemas.events;

import io.kpm.schemas.Topics;

/** The node is gone: its agent stopped ({@code reason} "shutdown") or its heartbeats stopped ("lost"). */
public record NodeLeft(EventMeta meta, String nodeId, String reason) implements KpmEvent {

    @Override
    public String kafkaKey() {
        return nodeId;
    }

    @Override
    public String topic() {
        return Topics.NODES;
    }
}
