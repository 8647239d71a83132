package io.kpm.gateway.nodes;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kpm.gateway.GatewayConfig;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.NodeDraining;
import io.kpm.schemas.events.NodeHeartbeat;
import io.kpm.schemas.events.NodeLeft;
import io.kpm.schemas.events.NodeRegistered;

/** The node registry as kpm.nodes tells it; a node whose heartbeats stopped is shown LOST. */
@ApplicationScoped
public class NodeViews {

    /** The last facts about a node; replaced, never changed, so readers need no lock. */
    record Node(String nodeId, String hostname, int cores, Instant lastSeen, int runningProcs, boolean draining,
            String leftReason) {
    }

    private final ConcurrentMap<String, Node> nodes = new ConcurrentHashMap<>();

    @Inject
    GatewayConfig config;

    public void apply(KpmEvent event) {
        if (event instanceof NodeRegistered e) {
            nodes.put(e.nodeId(), new Node(e.nodeId(), e.hostname(), e.cores(), e.meta().time(), 0, false, null));
        } else if (event instanceof NodeHeartbeat e) {
            // a heartbeat after a NodeLeft{lost} means the node came back
            nodes.compute(e.nodeId(), (id, old) -> new Node(id, e.hostname(), e.cores(), e.meta().time(),
                    e.runningProcs(), old != null && old.draining(), null));
        } else if (event instanceof NodeDraining e) {
            nodes.compute(e.nodeId(), (id, old) -> new Node(id, e.hostname(), e.cores(), e.meta().time(),
                    old != null ? old.runningProcs() : 0, true, null));
        } else if (event instanceof NodeLeft e) {
            nodes.compute(e.nodeId(), (id, old) -> old == null
                    ? new Node(id, null, 0, e.meta().time(), 0, false, e.reason())
                    : new Node(id, old.hostname(), old.cores(), old.lastSeen(), 0, old.draining(), e.reason()));
        }
    }

    public List<NodeView> list(Instant now) {
        return nodes.values().stream()
                .sorted(Comparator.comparing(Node::nodeId))
                .map(n -> new NodeView(n.nodeId(), n.hostname(), n.cores(), state(n, now, config.nodeTimeout()),
                        n.lastSeen(), n.runningProcs()))
                .toList();
    }

    static NodeState state(Node n, Instant now, Duration timeout) {
        if (n.leftReason() != null) return "lost".equals(n.leftReason()) ? NodeState.LOST : NodeState.LEFT;
        if (Duration.between(n.lastSeen(), now).compareTo(timeout) > 0) return NodeState.LOST;
        return n.draining() ? NodeState.DRAINING : NodeState.UP;
    }
}
