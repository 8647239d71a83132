package io.kpm.broker;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * For {@code @QuarkusTestResource(KafkaTestResource.class)}: one real in-JVM broker for the whole test run of a
 * module (started by the first test class that needs it, stopped when the JVM exits), with
 * {@code kafka.bootstrap.servers} pointed at it.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedKafka shared;

    public static synchronized EmbeddedKafka broker() {
        if (shared == null) {
            shared = EmbeddedKafka.temporary().start();
            EmbeddedKafka started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "kpm-test-broker-shutdown"));
        }
        return shared;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", broker().bootstrapServers());
    }

    @Override
    public void stop() {
        // shared by every test class of the run; closed by the shutdown hook
    }
}
