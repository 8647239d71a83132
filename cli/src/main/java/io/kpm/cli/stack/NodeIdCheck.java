package io.kpm.cli.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.nodes.NodeFold;

/**
 * Whether a node id is taken by a live agent, from kpm.nodes as folded by {@link NodeFold}: live (registered, not
 * left or lost) and heard from within the node timeout. An agent that stopped cleanly said NodeLeft, so its id is
 * free at once; one that was killed holds it until its heartbeats are older than the timeout.
 */
public final class NodeIdCheck {

    /** The services' default {@code kpm.scheduler.node-timeout} / {@code kpm.gateway.node-timeout}. */
    public static final Duration NODE_TIMEOUT = Duration.ofSeconds(10);

    private NodeIdCheck() {
    }

    /** @return why {@code nodeId} cannot be used now, or empty when it can */
    public static Optional<String> taken(List<KpmEvent> nodeEvents, String nodeId, Instant now, Duration timeout) {
        NodeFold fold = new NodeFold();
        nodeEvents.forEach(fold::apply);
        return fold.get(nodeId)
                .filter(node -> node.alive(now, timeout, null))
                .map(node -> "node id '" + nodeId + "' is taken by a live agent (on " + node.hostname()
                        + ", last heard from " + Duration.between(node.lastSeen(), now).toMillis() / 1000.0
                        + " s ago); give this one another with --node-id, or, if that agent is gone, wait until "
                        + "it is " + timeout.toSeconds() + " s silent");
    }
}
