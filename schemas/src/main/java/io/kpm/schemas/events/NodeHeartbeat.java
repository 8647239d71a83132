package io.kpm.schemas.events;

import io.kpm.schemas.Topics;

/**
 * A node agent is alive. It repeats hostname and cores because {@code kpm.nodes} is compacted: the last event
 * per node is all that is guaranteed to remain, and it must describe the node on its own.
 */
public record NodeHeartbeat(EventMeta meta, String nodeId, String hostname, int cores, int runningProcs)
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
