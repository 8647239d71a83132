package io.kpm.cli.stack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.NodeHeartbeat;
import io.kpm.schemas.events.NodeLeft;
import io.kpm.schemas.events.NodeRegistered;
import io.kpm.schemas.events.Producer;

class NodeIdCheckTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:00:30Z");
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    static EventMeta secondsAgo(long s) {
        return new EventMeta(UUID.randomUUID().toString(), NOW.minusSeconds(s), new Producer("node-agent", "x"),
                EventMeta.SCHEMA_VERSION);
    }

    @Test
    void anIdOfALiveAgentIsRefusedNamingWhatToDo() {
        List<KpmEvent> log = List.of(new NodeRegistered(secondsAgo(20), "web-1", "web-1.example.org", 4, null),
                new NodeHeartbeat(secondsAgo(1), "web-1", "web-1.example.org", 4, 0));
        String why = NodeIdCheck.taken(log, "web-1", NOW, TIMEOUT).orElseThrow();
        assertTrue(why.contains("'web-1' is taken by a live agent (on web-1.example.org"), why);
        assertTrue(why.contains("--node-id"), why);
        assertTrue(NodeIdCheck.taken(log, "web-2", NOW, TIMEOUT).isEmpty());
    }

    @Test
    void anIdIsFreeOnceItsAgentLeftOrFellSilent() {
        assertTrue(NodeIdCheck.taken(List.of(new NodeRegistered(secondsAgo(20), "a", "h", 4, null),
                new NodeLeft(secondsAgo(5), "a", "shutdown")), "a", NOW, TIMEOUT).isEmpty());
        assertTrue(NodeIdCheck.taken(List.of(new NodeHeartbeat(secondsAgo(11), "a", "h", 4, 0)), "a", NOW, TIMEOUT)
                .isEmpty());
    }
}
