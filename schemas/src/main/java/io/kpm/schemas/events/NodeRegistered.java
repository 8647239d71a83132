package io.kpm.schemas.events;

import java.util.Map;

import io.kpm.schemas.Topics;
import io.kpm.schemas.nodes.NodeLabels;

/**
 * A node agent started and offers {@code cores} cores on {@code hostname}. {@code agentRun} is a random id of this
 * start of the agent (null in events written before it existed): ranks started by an earlier run of the same node
 * died with it. {@code orphansEnded}: processes an earlier run left alive that this one found and ended before it
 * started anything (null: not reported). {@code topology}: the node's sockets, NUMA nodes and cores as cpu ids, within
 * the agent's own affinity (null from agents that predate it: ranks on such a node cannot be bound). {@code labels}:
 * the operator's labels of the node ({@code kpm agent --labels}; null from agents that predate them).
 */
public record NodeRegistered(EventMeta meta, String nodeId, String hostname, int cores, String agentUrl,
        String agentRun, Integer orphansEnded, CpuTopology topology, Map<String, String> labels) implements KpmEvent {

    public NodeRegistered {
        labels = labels == null ? null : NodeLabels.validated(labels);
    }

    public NodeRegistered(EventMeta meta, String nodeId, String hostname, int cores, String agentUrl,
            String agentRun, Integer orphansEnded, CpuTopology topology) {
        this(meta, nodeId, hostname, cores, agentUrl, agentRun, orphansEnded, topology, null);
    }

    public NodeRegistered(EventMeta meta, String nodeId, String hostname, int cores, String agentUrl,
            String agentRun, Integer orphansEnded) {
        this(meta, nodeId, hostname, cores, agentUrl, agentRun, orphansEnded, null, null);
    }

    public NodeRegistered(EventMeta meta, String nodeId, String hostname, int cores, String agentUrl) {
        this(meta, nodeId, hostname, cores, agentUrl, null, null, null, null);
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
