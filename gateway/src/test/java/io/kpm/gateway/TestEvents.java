package io.kpm.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.kpm.broker.KafkaTestResource;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.Producer;

/** What the service tests share: the broker address, event envelopes, pgids no other test uses, SSE parsing. */
public final class TestEvents {

    private TestEvents() {
    }

    public static String bootstrap() {
        return KafkaTestResource.bootstrapServers();
    }

    public static EventMeta meta() {
        return EventMeta.now(new Producer("test", "gateway-test"));
    }

    /** Test classes share one broker: each job a test publishes itself gets a pgid far from any other. */
    public static long uniquePgid() {
        return 1_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);
    }

    public record SseEvent(String name, String id, String data) {
    }

    /** The events of a text/event-stream body (name "message" when unnamed). */
    public static List<SseEvent> parseSse(String body) {
        List<SseEvent> out = new ArrayList<>();
        String name = null;
        String id = null;
        StringBuilder data = null;
        for (String line : (body + "\n\n").split("\n", -1)) {
            if (line.isEmpty()) {
                if (data != null) out.add(new SseEvent(name == null ? "message" : name, id, data.toString()));
                name = null;
                id = null;
                data = null;
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("data:")) {
                String d = line.substring(5);
                if (d.startsWith(" ")) d = d.substring(1);
                if (data == null) data = new StringBuilder(d);
                else data.append('\n').append(d);
            }
        }
        return out;
    }
}
