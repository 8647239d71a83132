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
 *
 * <p>One of a cluster of several (each a broker and a controller; how the tests run a 3-broker cluster):
 * {@code --node-id 2 --controller-quorum 1@127.0.0.1:P1,2@127.0.0.1:P2,3@127.0.0.1:P3 --cluster-id ID}, the same
 * quorum and cluster id (22 characters of base64, e.g. from {@code kafka-storage.sh random-uuid}) for all of them.
 * It is ready once every broker of the quorum has joined.
 */
public final class BrokerMain {

    public static void main(String[] args) throws InterruptedException {
        int port = 19092;
        int controllerPort = 0;
        Path dataDir = Path.of(".kpm", "kafka");
        Integer nodeId = null;
        String quorum = null;
        String clusterId = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = parsePort("--port", value);
                case "--controller-port" -> controllerPort = parsePort("--controller-port", value);
                case "--data-dir" -> dataDir = Path.of(require("--data-dir", value));
                case "--node-id" -> nodeId = parseInt("--node-id", value);
                case "--controller-quorum" -> quorum = require("--controller-quorum", value);
                case "--cluster-id" -> clusterId = require("--cluster-id", value);
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
        EmbeddedKafka.Membership membership = EmbeddedKafka.Membership.SINGLE;
        if (quorum != null || clusterId != null || nodeId != null) {
            if (quorum == null || clusterId == null || nodeId == null) {
                usage("a cluster member needs all of --node-id, --controller-quorum and --cluster-id");
            }
            int size = quorum.split(",").length;
            try {
                membership = new EmbeddedKafka.Membership(nodeId, quorum, clusterId, size);
            } catch (IllegalArgumentException e) {
                usage(e.getMessage());
            }
        }
        long t0 = System.nanoTime();
        EmbeddedKafka broker = new EmbeddedKafka(port, controllerPort, dataDir, false).withRetention(retention)
                .inCluster(membership);
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

    private static int parseInt(String option, String value) {
        try {
            return Integer.parseInt(require(option, value));
        } catch (NumberFormatException e) {
            usage(option + " must be a number, got " + value);
            return -1;
        }
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
        System.err.println("usage: BrokerMain [--port P] [--controller-port P] [--data-dir DIR]"
                + " [--node-id N --controller-quorum ID@HOST:PORT,... --cluster-id ID]");
        System.exit(2);
    }

    private BrokerMain() {
    }
}
