package io.kpm.schemas.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.kpm.schemas.events.CpuTopology;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.NodeDraining;
import io.kpm.schemas.events.NodeHeartbeat;
import io.kpm.schemas.events.NodeLeft;
import io.kpm.schemas.events.NodeRegistered;
import io.kpm.schemas.events.NodeUndrained;
import io.kpm.schemas.events.Producer;
import io.kpm.schemas.nodes.NodeFold.Node;
import io.kpm.schemas.nodes.NodeFold.Status;

class NodeFoldTest {

    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    static EventMeta at(long seconds) {
        return new EventMeta(UUID.randomUUID().toString(), T0.plusSeconds(seconds), new Producer("test", "t"),
                EventMeta.SCHEMA_VERSION);
    }

    static Node node(NodeFold fold, String id) {
        return fold.get(id).orElseThrow();
    }

    @Test
    void aDrainOutlivesHeartbeatsARestartAndLeavingUntilUndrained() {
        NodeFold fold = new NodeFold();
        fold.apply(new NodeRegistered(at(0), "a", "host-a", 4, null));
        fold.apply(new NodeDraining(at(1), "a", "host-a", 4, "new disks"));
        fold.apply(new NodeHeartbeat(at(2), "a", "host-a", 4, 3));
        assertTrue(node(fold, "a").draining());
        assertEquals("new disks", node(fold, "a").drainReason());
        assertEquals(3, node(fold, "a").runningProcs(), "its running ranks go on");
        fold.apply(new NodeLeft(at(3), "a", "shutdown"));
        fold.apply(new NodeRegistered(at(4), "a", "host-a", 4, null));
        assertTrue(node(fold, "a").draining(), "a restarted agent stays drained");
        fold.apply(new NodeUndrained(at(5), "a", null));
        assertFalse(node(fold, "a").draining());
        assertEquals(null, node(fold, "a").drainReason());
    }

    /** kpm.nodes is compacted: a node's last heartbeat may be all that is left, and must describe it whole. */
    @Test
    void aHeartbeatAloneDescribesTheNodeAndOneFromAnOlderAgentKeepsWhatTheRegistrationSaid() {
        CpuTopology topology = new CpuTopology(List.of(List.of(0, 1)), List.of(List.of(0, 1)), List.of(List.of(0), List.of(1)));
        NodeFold fold = new NodeFold();
        fold.apply(new NodeHeartbeat(at(2), "a", "host-a", 2, 0, topology, Map.of("rack", "r1")));
        assertEquals(topology, node(fold, "a").topology());
        assertEquals(Map.of("rack", "r1"), node(fold, "a").labels());

        fold.apply(new NodeRegistered(at(3), "b", "host-b", 2, null, "run", 0, topology, Map.of("gpu", "a100")));
        fold.apply(new NodeHeartbeat(at(4), "b", "host-b", 2, 0));
        assertEquals(topology, node(fold, "b").topology());
        assertEquals(Map.of("gpu", "a100"), node(fold, "b").labels());

        fold.apply(new NodeRegistered(at(5), "b", "host-b", 2, null, "run-2", 0, topology, null));
        assertEquals(Map.of(), node(fold, "b").labels(), "a restart without labels has none");
    }

    @Test
    void reReadingTheTopicNeverUndoesALaterDecision() {
        NodeFold fold = new NodeFold();
        fold.apply(new NodeRegistered(at(0), "a", "host-a", 4, null));
        fold.apply(new NodeUndrained(at(5), "a", null));
        fold.apply(new NodeDraining(at(1), "a", "host-a", 4, "older"));
        assertFalse(node(fold, "a").draining());
        fold.apply(new NodeLeft(at(9), "a", "lost"));
        fold.apply(new NodeHeartbeat(at(8), "a", "host-a", 4, 0));
        assertEquals(Status.LOST, node(fold, "a").status(), "an older heartbeat does not revive it");
    }

    @Test
    void aDrainReadBeforeTheNodeIsKeptForIt() {
        // after compaction the drain key may come before the node's own key
        NodeFold fold = new NodeFold();
        fold.apply(new NodeDraining(at(0), "a", "host-a", 4, null));
        assertTrue(fold.get("a").isEmpty(), "no agent spoke of it yet");
        fold.apply(new NodeHeartbeat(at(1), "a", "host-a", 4, 0));
        assertTrue(node(fold, "a").draining());
    }

    @Test
    void aliveMeansLiveAndHeardFromWithinTheTimeout() {
        NodeFold fold = new NodeFold();
        fold.apply(new NodeRegistered(at(0), "a", "host-a", 4, null));
        fold.apply(new NodeRegistered(at(0), "b", "host-b", 4, null));
        fold.apply(new NodeHeartbeat(at(8), "b", "host-b", 4, 0));
        fold.apply(new NodeRegistered(at(0), "c", "host-c", 4, null));
        fold.apply(new NodeDraining(at(1), "c", "host-c", 4, null));
        fold.apply(new NodeRegistered(at(0), "d", "host-d", 4, null));
        fold.apply(new NodeLeft(at(1), "d", "shutdown"));
        Instant now = T0.plusSeconds(11);
        assertEquals(List.of("b"), fold.alive(now, TIMEOUT, null).stream().map(Node::nodeId).toList());
        assertEquals(List.of("a", "c"), fold.overdue(now, TIMEOUT, null).stream().map(Node::nodeId).toList());
        assertEquals(List.of("a", "b", "c"), fold.alive(T0.plusSeconds(5), TIMEOUT, null).stream().map(Node::nodeId).toList(),
                "a draining node is alive: it only takes no new ranks");
    }

    @Test
    void drainEventsAreKeptApartFromTheNodesOwnKeyOnTheCompactedTopic() {
        NodeDraining drain = new NodeDraining(at(0), "node-1", "h", 1, null);
        assertEquals("node-1 drain", drain.kafkaKey());
        assertEquals(drain.kafkaKey(), new NodeUndrained(at(0), "node-1", null).kafkaKey());
        assertEquals("node-1", new NodeHeartbeat(at(0), "node-1", "h", 1, 0).kafkaKey());
    }
}
