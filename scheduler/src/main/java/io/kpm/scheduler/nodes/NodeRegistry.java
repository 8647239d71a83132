package io.kpm.scheduler.nodes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import io.kpm.schemas.events.CpuTopology;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.NodeDraining;
import io.kpm.schemas.events.NodeHeartbeat;
import io.kpm.schemas.events.NodeLeft;
import io.kpm.schemas.events.NodeRegistered;
import io.kpm.scheduler.placement.NaturalOrder;

/**
 * The nodes as folded from kpm.nodes. Time is the events' own time: a node is seen when its agent said so,
 * not when we happened to read it. An event older than the last one applied for its node is ignored, so
 * re-reading the topic from the start never brings a node back. Not thread-safe: {@link LiveNodes} guards it.
 */
public final class NodeRegistry {

    public enum Status { LIVE, LOST, LEFT }

    /** @param lastSeen time of the last registration, heartbeat or draining notice */
    /** @param topology the node's cpus as its agent registered them, null when it reported none */
    public record Node(String nodeId, String hostname, int cores, boolean draining, Status status, Instant lastSeen,
            Instant lastEvent, CpuTopology topology) {
    }

    private final Map<String, Node> nodes = new TreeMap<>(NaturalOrder.INSTANCE);

    /** @return the node's entry after the event, or null when the event was not about a node or was stale */
    public Node apply(KpmEvent event) {
        if (event instanceof NodeRegistered e) {
            return update(e.nodeId(), e.meta().time(), old -> new Node(e.nodeId(), e.hostname(), e.cores(), false,
                    Status.LIVE, e.meta().time(), e.meta().time(), e.topology()));
        } else if (event instanceof NodeHeartbeat e) {
            // a heartbeat does not carry the draining flag: keep what we knew
            return update(e.nodeId(), e.meta().time(), old -> new Node(e.nodeId(), e.hostname(), e.cores(),
                    old != null && old.draining(), Status.LIVE, e.meta().time(), e.meta().time(), topologyOf(old)));
        } else if (event instanceof NodeDraining e) {
            return update(e.nodeId(), e.meta().time(), old -> new Node(e.nodeId(), e.hostname(), e.cores(), true,
                    Status.LIVE, e.meta().time(), e.meta().time(), topologyOf(old)));
        } else if (event instanceof NodeLeft e) {
            Status status = "lost".equals(e.reason()) ? Status.LOST : Status.LEFT;
            return update(e.nodeId(), e.meta().time(), old -> old == null
                    ? new Node(e.nodeId(), null, 0, false, status, e.meta().time(), e.meta().time(), null)
                    : new Node(old.nodeId(), old.hostname(), old.cores(), old.draining(), status, old.lastSeen(),
                            e.meta().time(), old.topology()));
        }
        return null;
    }

    /** Heartbeats and draining notices do not repeat the topology: the registration's stands. */
    private static CpuTopology topologyOf(Node old) {
        return old == null ? null : old.topology();
    }

    private Node update(String nodeId, Instant time, Function<Node, Node> change) {
        if (nodeId == null || time == null) return null;
        Node old = nodes.get(nodeId);
        if (old != null && time.isBefore(old.lastEvent())) return null;
        Node updated = change.apply(old);
        nodes.put(nodeId, updated);
        return updated;
    }

    /** Nodes that are live and were seen within the timeout, in nodeId order (draining ones included). */
    public List<Node> live(Instant now, Duration timeout) {
        return live(now, timeout, null);
    }

    /** The same, not counting silence before {@code logBackAt} (see {@link #overdue(Instant, Duration, Instant)}). */
    public List<Node> live(Instant now, Duration timeout, Instant logBackAt) {
        return nodes.values().stream()
                .filter(n -> n.status() == Status.LIVE && !overdue(heardOrLogBack(n, logBackAt), now, timeout))
                .toList();
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
        return nodes.values().stream()
                .filter(n -> n.status() == Status.LIVE && overdue(heardOrLogBack(n, logBackAt), now, timeout))
                .toList();
    }

    private static Instant heardOrLogBack(Node node, Instant logBackAt) {
        return logBackAt != null && logBackAt.isAfter(node.lastSeen()) ? logBackAt : node.lastSeen();
    }

    public List<Node> all() {
        return List.copyOf(nodes.values());
    }

    private static boolean overdue(Node node, Instant now, Duration timeout) {
        return overdue(node.lastSeen(), now, timeout);
    }

    private static boolean overdue(Instant lastSeen, Instant now, Duration timeout) {
        return lastSeen.plus(timeout).isBefore(now);
    }
}
