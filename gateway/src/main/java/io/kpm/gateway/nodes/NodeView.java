package io.kpm.gateway.nodes;

import java.time.Instant;
import java.util.Map;

/** A node as {@code GET /api/v1/nodes} shows it; {@code labels}: its operator's labels (empty when none). */
public record NodeView(String nodeId, String hostname, int cores, NodeState state, Instant lastSeen,
        int runningProcs, Map<String, String> labels) {
}
