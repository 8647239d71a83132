package io.kpm.schemas.events;

import java.util.Map;

import io.kpm.schemas.Topics;
import io.kpm.schemas.nodes.NodeLabels;

/**
 * A node agent is alive. It repeats hostname, cores, cpu topology and labels because {@code kpm.nodes} is
 * compacted: the last event per node is all that is guaranteed to remain, and it must describe the node on its
 * own. {@code topology} and {@code labels} are null in heartbeats of agents that predate them.
 */
public record NodeHeartbeat(EventMeta meta, String nodeId, String hostname, int cores, int runningProcs,
        CpuTopology topology, Map<String, String> labels) implements KpmEvent {

    public NodeHeartbeat {
        labels = labels == null ? null : NodeLabels.validated(labels);
    }

    public NodeHeartbeat(EventMeta meta, String nodeId, String hostname, int cores, int runningProcs) {
        this(meta, nodeId, hostname, cores, runningProcs, null, null);
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
