package io.kpm.gateway.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.kpm.schemas.nodes.NodeFold;
import io.kpm.schemas.nodes.NodeFold.Status;

class NodeViewsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:30Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static NodeState state(Instant lastSeen, boolean draining, Status status) {
        return NodeViews.state(new NodeFold.Node("n", "h", 1, 0, status, null, lastSeen, lastSeen, draining, null, null, java.util.Map.of()),
                NOW, TIMEOUT);
    }

    @Test
    void stateFromHeartbeatsAndEvents() {
        assertEquals(NodeState.UP, state(NOW.minusSeconds(10), false, Status.LIVE));
        assertEquals(NodeState.LOST, state(NOW.minusSeconds(11), false, Status.LIVE));
        assertEquals(NodeState.DRAINING, state(NOW, true, Status.LIVE));
        assertEquals(NodeState.LOST, state(NOW.minusSeconds(11), true, Status.LIVE));
        assertEquals(NodeState.LEFT, state(NOW, false, Status.LEFT));
        assertEquals(NodeState.LOST, state(NOW, false, Status.LOST));
    }
}
