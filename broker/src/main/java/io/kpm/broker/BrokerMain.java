package io.kpm.broker;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import io.kpm.schemas.RetentionOverrides;

/**
 * The broker as its own process, as {@code kpm up} starts it:
 * {@code java -cp kpm-broker.jar:lib/* io.kpm.broker.BrokerMain --port 19092 --controller-port 19093 --data-dir .kpm/kafka}.
 * Prints {@code KPM BROKER READY <bootstrap>} once clients can connect and kpm's topics exist. Creates the topics
 * with the retention of {@code -Dkpm.topics.retention} / {@code -Dkpm.topics.retention-bytes} (or
 * {@code KPM_TOPICS_RETENTION} / {@code KPM_TOPICS_RETENTION_BYTES}), as the services do.
 */
public final class BrokerMain {

    public static void main(String[] args) throws InterruptedException {
        int port = 19092;
        int controllerPort = 0;
        Path dataDir = Path.of(".kpm", "kafka");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = parsePort("--port", value);
                case "--controller-port" -> controllerPort = parsePort("--controller-port", value);
                case "--data-dir" -> dataDir = Path.of(require("--data-dir", value));
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        RetentionOverrides retention = RetentionOverrides.NONE;
        try {
            retention = RetentionOverrides.fromSystem();
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
        }
        long t0 = System.nanoTime();
        EmbeddedKafka broker = new EmbeddedKafka(port, controllerPort, dataDir, false).withRetention(retention);
        try {
            broker.start();
        } catch (IllegalStateException e) {
            System.err.println("kpm broker: " + e.getMessage());
            System.exit(1);
        }
        System.out.printf("KPM BROKER READY %s in %d ms%n", broker.bootstrapServers(), (System.nanoTime() - t0) / 1_000_000);
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "kpm-broker-shutdown"));
        stopped.await();
    }

    private static int parsePort(String option, String value) {
        try {
            int port = Integer.parseInt(require(option, value));
            if (port < 0 || port > 65535) usage(option + " must be a port number (0-65535), got " + value);
            return port;
        } catch (NumberFormatException e) {
            usage(option + " must be a port number, got " + value);
            return -1;
        }
    }

    private static String require(String option, String value) {
        if (value == null) usage(option + " needs a value");
        return value;
    }

    private static void usage(String problem) {
        System.err.println("kpm broker: " + problem);
        System.err.println("usage: BrokerMain [--port P] [--controller-port P] [--data-dir DIR]");
        System.exit(2);
    }

    private BrokerMain() {
    }
}
