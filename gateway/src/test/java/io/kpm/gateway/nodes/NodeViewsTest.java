package io.kpm.gateway.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class NodeViewsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:30Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static NodeState state(Instant lastSeen, boolean draining, String left) {
        return NodeViews.state(new NodeViews.Node("n", "h", 1, lastSeen, 0, draining, left), NOW, TIMEOUT);
    }

    @Test
    void stateFromHeartbeatsAndEvents() {
        assertEquals(NodeState.UP, state(NOW.minusSeconds(10), false, null));
        assertEquals(NodeState.LOST, state(NOW.minusSeconds(11), false, null));
        assertEquals(NodeState.DRAINING, state(NOW, true, null));
        assertEquals(NodeState.LOST, state(NOW.minusSeconds(11), true, null));
        assertEquals(NodeState.LEFT, state(NOW, false, "shutdown"));
        assertEquals(NodeState.LOST, state(NOW, false, "lost"));
    }
}
