package io.kpm.schemas.nodes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import io.kpm.schemas.events.CpuTopology;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.NodeDraining;
import io.kpm.schemas.events.NodeHeartbeat;
import io.kpm.schemas.events.NodeLeft;
import io.kpm.schemas.events.NodeRegistered;
import io.kpm.schemas.events.NodeUndrained;

/**
 * The nodes as kpm.nodes tells them: the one fold of that topic, used by the scheduler (placement), the gateway
 * ({@code GET /api/v1/nodes}) and {@code kpm agent} (is this node id taken?). Pure: no Kafka, no clock; whoever
 * asks whether a node is still alive passes the time and the node timeout.
 *
 * <p>Two kinds of facts, kept apart because they come from different writers under different keys: what a node's
 * agent said (registration, heartbeats, leaving; keyed by node id) and what an operator decided about it (drain,
 * undrain; keyed {@link NodeDraining#drainKey}). Time is each event's own: a node is seen when its agent said so,
 * not when we read it, and an event older than the last applied one of its kind for that node is ignored, so
 * re-reading the topic from the start never brings a node back or undoes a later drain decision. A drain is
 * sticky: it outlives heartbeats, a restart of the agent and even a node that left, until it is undrained.
 * Not thread-safe: the caller guards it.
 */
public final class NodeFold {

    public enum Status { LIVE, LOST, LEFT }

    /**
     * A node as folded. {@code lastSeen}: its agent's last registration or heartbeat (the time of the NodeLeft for
     * a node known only by that); {@code lastEvent}: its agent's or the scheduler's last word about it;
     * {@code leftReason}: the NodeLeft's reason while it is LOST or LEFT; hostname null and cores 0 for a node
     * known only from a NodeLeft; {@code topology}: its cpus as its agent last described them, null when it reported
     * none; {@code labels}: the operator's labels of the node, empty when none.
     */
    public record Node(String nodeId, String hostname, int cores, int runningProcs, Status status, String leftReason,
            Instant lastSeen, Instant lastEvent, boolean draining, String drainReason, CpuTopology topology,
            Map<String, String> labels) {

        /** Live and heard from within {@code timeout} of {@code now} (silence before {@code logBackAt} not counted). */
        public boolean alive(Instant now, Duration timeout, Instant logBackAt) {
            return status == Status.LIVE && !overdue(now, timeout, logBackAt);
        }

        /**
         * Still counted live although silent longer than the timeout. Silence before {@code logBackAt} (null:
         * none) does not count: while kpm.nodes could not be read no heartbeat could arrive either.
         */
        public boolean overdue(Instant now, Duration timeout, Instant logBackAt) {
            Instant heard = logBackAt != null && logBackAt.isAfter(lastSeen) ? logBackAt : lastSeen;
            return heard.plus(timeout).isBefore(now);
        }
    }

    private record AgentFacts(String hostname, int cores, int runningProcs, Status status, String leftReason,
            Instant lastSeen, Instant lastEvent, CpuTopology topology, Map<String, String> labels) {
    }

    private record Drain(boolean draining, String reason, Instant time) {
    }

    private final Map<String, AgentFacts> agents;
    private final Map<String, Drain> drains = new TreeMap<>();

    /** @param order the order of {@link #all()} (node ids) */
    public NodeFold(Comparator<String> order) {
        this.agents = new TreeMap<>(order);
    }

    public NodeFold() {
        this(Comparator.naturalOrder());
    }

    /** @return the node after the event, or empty when the event was not about a node, was stale or was a drain of a node not known yet */
    public Optional<Node> apply(KpmEvent event) {
        if (event instanceof NodeRegistered e) {
            return agent(e.nodeId(), e.meta().time(), old -> new AgentFacts(e.hostname(), e.cores(), 0, Status.LIVE,
                    null, e.meta().time(), e.meta().time(), e.topology(), e.labels()));
        } else if (event instanceof NodeHeartbeat e) {
            // a heartbeat after a NodeLeft{lost} means the node came back; it repeats topology and labels (the topic
            // is compacted: it may be all that is left of the node), except from agents that predate them
            return agent(e.nodeId(), e.meta().time(), old -> new AgentFacts(e.hostname(), e.cores(), e.runningProcs(),
                    Status.LIVE, null, e.meta().time(), e.meta().time(),
                    e.topology() != null || old == null ? e.topology() : old.topology(),
                    e.labels() != null || old == null ? e.labels() : old.labels()));
        } else if (event instanceof NodeLeft e) {
            Status status = "lost".equals(e.reason()) ? Status.LOST : Status.LEFT;
            return agent(e.nodeId(), e.meta().time(), old -> old == null
                    ? new AgentFacts(null, 0, 0, status, e.reason(), e.meta().time(), e.meta().time(), null, null)
                    : new AgentFacts(old.hostname(), old.cores(), 0, status, e.reason(), old.lastSeen(), e.meta().time(),
                            old.topology(), old.labels()));
        } else if (event instanceof NodeDraining e) {
            return drain(e.nodeId(), new Drain(true, e.reason(), e.meta().time()));
        } else if (event instanceof NodeUndrained e) {
            return drain(e.nodeId(), new Drain(false, e.reason(), e.meta().time()));
        }
        return Optional.empty();
    }

    private Optional<Node> agent(String nodeId, Instant time, UnaryOperator<AgentFacts> change) {
        if (nodeId == null || time == null) return Optional.empty();
        AgentFacts old = agents.get(nodeId);
        if (old != null && time.isBefore(old.lastEvent())) return Optional.empty();
        agents.put(nodeId, change.apply(old));
        return get(nodeId);
    }

    private Optional<Node> drain(String nodeId, Drain decision) {
        if (nodeId == null || decision.time() == null) return Optional.empty();
        Drain old = drains.get(nodeId);
        if (old != null && decision.time().isBefore(old.time())) return Optional.empty();
        drains.put(nodeId, decision);
        return get(nodeId);
    }

    /** The node as its agent last described it, with the operator's last drain decision; empty when no agent spoke of it. */
    public Optional<Node> get(String nodeId) {
        AgentFacts a = agents.get(nodeId);
        if (a == null) return Optional.empty();
        Drain d = drains.get(nodeId);
        boolean draining = d != null && d.draining();
        return Optional.of(new Node(nodeId, a.hostname(), a.cores(), a.runningProcs(), a.status(), a.leftReason(),
                a.lastSeen(), a.lastEvent(), draining, draining ? d.reason() : null, a.topology(),
                a.labels() == null ? Map.of() : a.labels()));
    }

    /** Every node an agent spoke of, in this fold's order. */
    public List<Node> all() {
        List<Node> all = new ArrayList<>();
        for (String id : agents.keySet()) get(id).ifPresent(all::add);
        return all;
    }

    /** Nodes live and heard from within the timeout (draining ones included), in this fold's order. */
    public List<Node> alive(Instant now, Duration timeout, Instant logBackAt) {
        return all().stream().filter(n -> n.alive(now, timeout, logBackAt)).toList();
    }

    /** Nodes still counted live although nothing was heard from them for longer than the timeout. */
    public List<Node> overdue(Instant now, Duration timeout, Instant logBackAt) {
        return all().stream().filter(n -> n.status() == Status.LIVE && n.overdue(now, timeout, logBackAt)).toList();
    }
}
