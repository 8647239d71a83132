package io.kpm.gateway.nodes;

import java.time.Instant;

/** A node as {@code GET /api/v1/nodes} shows it. */
public record NodeView(String nodeId, String hostname, int cores, NodeState state, Instant lastSeen,
        int runningProcs) {
}
