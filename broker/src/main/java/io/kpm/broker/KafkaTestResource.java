package io.kpm.broker;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * For {@code @QuarkusTestResource(KafkaTestResource.class)}: one real in-JVM broker for the whole test run of a
 * module (started by the first test class that needs it, stopped when the JVM exits), with
 * {@code kafka.bootstrap.servers} pointed at it.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /**
     * Quarkus loads test resources in a new class loader for every test profile, so a static field alone would
     * start one broker per profile; the address in a system property is seen by all of them.
     */
    static final String BOOTSTRAP_PROPERTY = "kpm.test.kafka.bootstrap";

    public static String bootstrapServers() {
        synchronized (System.class) {
            String running = System.getProperty(BOOTSTRAP_PROPERTY);
            if (running != null) return running;
            EmbeddedKafka started = EmbeddedKafka.temporary().start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "kpm-test-broker-shutdown"));
            System.setProperty(BOOTSTRAP_PROPERTY, started.bootstrapServers());
            return started.bootstrapServers();
        }
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public void stop() {
        // shared by every test class of the run; closed by the shutdown hook
    }
}
