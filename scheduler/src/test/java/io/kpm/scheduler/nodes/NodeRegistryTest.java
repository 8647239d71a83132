package io.kpm.scheduler.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kpm.schemas.events.NodeDraining;
import io.kpm.schemas.events.NodeHeartbeat;
import io.kpm.schemas.events.NodeLeft;
import io.kpm.schemas.events.NodeRegistered;
import io.kpm.schemas.events.NodeUndrained;
import io.kpm.scheduler.jobs.Events;
import io.kpm.schemas.nodes.NodeFold.Node;
import io.kpm.schemas.nodes.NodeFold.Status;

class NodeRegistryTest {

    static final Instant T0 = Events.T0;
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    static NodeRegistered registered(String id, Instant at) {
        return new NodeRegistered(Events.meta(at), id, "host-" + id, 2, "http://x");
    }

    static NodeHeartbeat heartbeat(String id, Instant at) {
        return new NodeHeartbeat(Events.meta(at), id, "host-" + id, 4, 0);
    }

    static List<String> ids(List<Node> nodes) {
        return nodes.stream().map(Node::nodeId).toList();
    }

    @Test
    void registeredAndHeartbeatingNodesAreLiveInNodeIdOrder() {
        NodeRegistry r = new NodeRegistry();
        r.apply(registered("node-10", T0));
        r.apply(registered("node-2", T0));
        assertEquals(List.of("node-2", "node-10"), ids(r.live(T0.plusSeconds(1), TIMEOUT)));
    }

    @Test
    void aHeartbeatAloneDescribesTheNode() {
        // kpm.nodes is compacted: after compaction a heartbeat may be all that is left of a node
        NodeRegistry r = new NodeRegistry();
        r.apply(heartbeat("n", T0));
        Node n = r.live(T0, TIMEOUT).get(0);
        assertEquals("host-n", n.hostname());
        assertEquals(4, n.cores());
    }

    @Test
    void aNodeNotHeardFromWithinTheTimeoutIsOverdue() {
        NodeRegistry r = new NodeRegistry();
        r.apply(registered("a", T0));
        r.apply(registered("b", T0));
        r.apply(heartbeat("b", T0.plusSeconds(8)));
        Instant now = T0.plusSeconds(11);
        assertEquals(List.of("a"), ids(r.overdue(now, TIMEOUT)));
        assertEquals(List.of("b"), ids(r.live(now, TIMEOUT)));
    }

    @Test
    void silenceWhileTheNodeLogCouldNotBeReadDoesNotCount() {
        NodeRegistry r = new NodeRegistry();
        r.apply(registered("a", T0));
        // kpm.nodes could not be read from T0+2 s to T0+9 s (its leader died): silence counts from T0+9 s
        Instant logBack = T0.plusSeconds(9);
        assertEquals(List.of(), ids(r.overdue(T0.plusSeconds(15), TIMEOUT, logBack)));
        assertEquals(List.of("a"), ids(r.overdue(T0.plusSeconds(20), TIMEOUT, logBack)));
        assertEquals(List.of("a"), ids(r.live(T0.plusSeconds(15), TIMEOUT, logBack)), "and placement still uses it");
        assertEquals(List.of(), ids(r.live(T0.plusSeconds(15), TIMEOUT)));
        assertEquals(List.of("a"), ids(r.overdue(T0.plusSeconds(15), TIMEOUT, T0.minusSeconds(60))),
                "an outage before the last heartbeat changes nothing");
    }

    @Test
    void aLostNodeIsNoLongerOverdueAndComesBackWithANewHeartbeat() {
        NodeRegistry r = new NodeRegistry();
        r.apply(registered("a", T0));
        r.apply(new NodeLeft(Events.meta(T0.plusSeconds(11)), "a", "lost"));
        assertEquals(Status.LOST, r.all().get(0).status());
        assertTrue(r.overdue(T0.plusSeconds(20), TIMEOUT).isEmpty());
        r.apply(heartbeat("a", T0.plusSeconds(5)));
        assertEquals(Status.LOST, r.all().get(0).status(), "an older heartbeat (a re-read) must not revive it");
        r.apply(heartbeat("a", T0.plusSeconds(30)));
        assertEquals(List.of("a"), ids(r.live(T0.plusSeconds(31), TIMEOUT)));
    }

    @Test
    void aNodeThatLeftIsGone() {
        NodeRegistry r = new NodeRegistry();
        r.apply(registered("a", T0));
        r.apply(new NodeLeft(Events.meta(T0.plusSeconds(1)), "a", "shutdown"));
        assertEquals(Status.LEFT, r.all().get(0).status());
        assertTrue(r.live(T0.plusSeconds(1), TIMEOUT).isEmpty());
    }

    @Test
    void drainingSurvivesHeartbeats() {
        NodeRegistry r = new NodeRegistry();
        r.apply(registered("a", T0));
        r.apply(new NodeDraining(Events.meta(T0.plusSeconds(1)), "a", "host-a", 2, "maintenance"));
        r.apply(heartbeat("a", T0.plusSeconds(2)));
        assertTrue(r.live(T0.plusSeconds(2), TIMEOUT).get(0).draining());
        r.apply(registered("a", T0.plusSeconds(3)));
        assertTrue(r.live(T0.plusSeconds(3), TIMEOUT).get(0).draining(), "a restarted agent stays drained");
        r.apply(new NodeUndrained(Events.meta(T0.plusSeconds(4)), "a", null));
        assertFalse(r.live(T0.plusSeconds(4), TIMEOUT).get(0).draining());
        r.apply(new NodeDraining(Events.meta(T0.plusSeconds(1)), "a", "host-a", 2, "re-read"));
        assertFalse(r.live(T0.plusSeconds(4), TIMEOUT).get(0).draining(), "an older drain (a re-read) does not undo the undrain");
    }
}
