package io.kpm.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import io.kpm.broker.TopicReader;
import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.Producer;
import io.kpm.schemas.events.SpawnRequested;

/** Small helpers for the service tests: feed the scheduler's topics and wait for what it writes. */
public final class TestKafka {

    public static final Duration WAIT = Duration.ofSeconds(30);

    private TestKafka() {
    }

    public static EventMeta meta() {
        return meta(Instant.now());
    }

    public static EventMeta meta(Instant time) {
        return new EventMeta(UUID.randomUUID().toString(), time, new Producer("test", "scheduler-test"), 1);
    }

    public static AppSpec app(int maxprocs, String... hosts) {
        return new AppSpec("/bin/true", List.of("arg"), Map.of("K", "V"), null, null, maxprocs, List.of(hosts), null,
                Map.of());
    }

    public static SpawnRequested spawnRequest(String requestId, AppSpec... apps) {
        return new SpawnRequested(meta(), requestId, null, null, List.of(apps), Map.of(), Map.of(), "127.0.0.1:7703");
    }

    public static <T extends KpmEvent> T await(String bootstrap, String topic, Class<T> type, Predicate<T> match) {
        return TopicReader.await(bootstrap, topic, type, match, WAIT);
    }

    public static <T extends KpmEvent> List<T> all(String bootstrap, String topic, Class<T> type, Predicate<T> match) {
        return TopicReader.readAll(bootstrap, topic).stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(match)
                .toList();
    }
}
