package io.kpm.gateway.nodes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kpm.gateway.GatewayConfig;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.nodes.NodeFold;

/**
 * The node registry as kpm.nodes tells it, folded by {@link NodeFold} (the scheduler's fold too, so both agree
 * on what is draining); a node whose heartbeats stopped is shown LOST.
 */
@ApplicationScoped
public class NodeViews {

    private final NodeFold fold = new NodeFold();

    @Inject
    GatewayConfig config;

    public synchronized void apply(KpmEvent event) {
        fold.apply(event);
    }

    public synchronized List<NodeView> list(Instant now) {
        return fold.all().stream().map(n -> view(n, now)).toList();
    }

    /** The node as the registry knows it now; empty when no agent ever spoke of it. */
    public synchronized Optional<NodeView> find(String nodeId, Instant now) {
        return fold.get(nodeId).map(n -> view(n, now));
    }

    /** The raw facts (hostname, cores, drain) a drain request repeats. */
    public synchronized Optional<NodeFold.Node> facts(String nodeId) {
        return fold.get(nodeId);
    }

    private NodeView view(NodeFold.Node n, Instant now) {
        return new NodeView(n.nodeId(), n.hostname(), n.cores(), state(n, now, config.nodeTimeout()), n.lastSeen(),
                n.runningProcs(), n.labels());
    }

    static NodeState state(NodeFold.Node n, Instant now, Duration timeout) {
        if (n.status() == NodeFold.Status.LOST) return NodeState.LOST;
        if (n.status() == NodeFold.Status.LEFT) return NodeState.LEFT;
        if (n.overdue(now, timeout, null)) return NodeState.LOST;
        return n.draining() ? NodeState.DRAINING : NodeState.UP;
    }
}
