package io.kpm.scheduler.nodes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.nodes.NodeFold;
import io.kpm.schemas.nodes.NodeFold.Node;
import io.kpm.scheduler.placement.NaturalOrder;

/**
 * The nodes as folded from kpm.nodes ({@link NodeFold}, the same fold the gateway shows), in nodeId
 * {@link NaturalOrder}, with the liveness questions placement and the lost-node watch ask. Not thread-safe:
 * {@link LiveNodes} guards it.
 */
public final class NodeRegistry {

    private final NodeFold fold = new NodeFold(NaturalOrder.INSTANCE);

    /** @return the node's entry after the event, or null when the event was not about a node or was stale */
    public Node apply(KpmEvent event) {
        return fold.apply(event).orElse(null);
    }

    /** Nodes that are live and were seen within the timeout, in nodeId order (draining ones included). */
    public List<Node> live(Instant now, Duration timeout) {
        return live(now, timeout, null);
    }

    /** The same, not counting silence before {@code logBackAt} (see {@link #overdue(Instant, Duration, Instant)}). */
    public List<Node> live(Instant now, Duration timeout, Instant logBackAt) {
        return fold.alive(now, timeout, logBackAt);
    }

    /** Nodes still counted live although nothing was heard from them for longer than the timeout. */
    public List<Node> overdue(Instant now, Duration timeout) {
        return overdue(now, timeout, null);
    }

    /**
     * The same, but nothing counts as silence before {@code logBackAt}: when kpm.nodes could not be read (its
     * partition leader lost, Kafka unreachable) heartbeats could not arrive either, so silence only counts from
     * when it could be read again. Null: it never could not.
     */
    public List<Node> overdue(Instant now, Duration timeout, Instant logBackAt) {
        return fold.overdue(now, timeout, logBackAt);
    }

    public List<Node> all() {
        return fold.all();
    }
}
