package io.kpm.schemas.events;

import io.kpm.schemas.Topics;

/**
 * A node agent started and offers {@code cores} cores on {@code hostname}. {@code agentRun} is a random id of this
 * start of the agent (null in events written before it existed): ranks started by an earlier run of the same node
 * died with it. {@code orphansEnded}: processes an earlier run left alive that this one found and ended before it
 * started anything (null: not reported).
 */
public record NodeRegistered(EventMeta meta, String nodeId, String hostname, int cores, String agentUrl,
        String agentRun, Integer orphansEnded) implements KpmEvent {

    public NodeRegistered(EventMeta meta, String nodeId, String hostname, int cores, String agentUrl) {
        this(meta, nodeId, hostname, cores, agentUrl, null, null);
    }

    @Override
    public String kafkaKey() {
        return nodeId;
    }

    @Override
    public String topic() {
        return Topics.NODES;
    }
}
