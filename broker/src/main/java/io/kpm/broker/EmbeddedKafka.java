package io.kpm.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import io.kpm.schemas.RetentionOverrides;
import io.kpm.schemas.TopicSetup;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real single-node Apache Kafka broker in KRaft mode (combined broker and controller on 127.0.0.1),
 * running in the current JVM. The data directory is formatted on first start and reused afterwards, so a
 * broker restarted on the same directory keeps its topics: that is what lets kpm services rebuild state
 * from the log.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final boolean deleteOnClose;
    private RetentionOverrides retention = RetentionOverrides.NONE;
    private KafkaRaftServer server;

    /**
     * @param port          the client port; 0 picks a free one
     * @param controllerPort the KRaft controller port; 0 picks a free one
     */
    public EmbeddedKafka(int port, int controllerPort, Path dataDir, boolean deleteOnClose) {
        this.port = port == 0 ? freePort() : port;
        this.controllerPort = controllerPort == 0 ? freePort() : controllerPort;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
    }

    /** A throw-away broker on free ports with a temporary data directory, deleted on close. */
    public static EmbeddedKafka temporary() {
        try {
            return new EmbeddedKafka(0, 0, Files.createTempDirectory("kpm-kafka-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The retention to create kpm's topics with where it differs from kpm's defaults (a fresh data directory only). */
    public EmbeddedKafka withRetention(RetentionOverrides overrides) {
        this.retention = overrides;
        return this;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public synchronized EmbeddedKafka start() {
        try {
            Files.createDirectories(dataDir);
            KafkaConfig config = new KafkaConfig(brokerProperties(), false);
            if (!Files.exists(dataDir.resolve("meta.properties"))) {
                // the in-JVM equivalent of: kafka-storage.sh format -t <cluster id> -c server.properties
                new Formatter()
                        .setPrintStream(System.out)
                        .setClusterId(Uuid.randomUuid().toString())
                        .setNodeId(1)
                        .setControllerListenerName("CONTROLLER")
                        .setMetadataLogDirectory(dataDir.toString())
                        .setDirectories(List.of(dataDir.toString()))
                        .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                        .run();
            }
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            awaitReady();
            TopicSetup.ensureTopics(bootstrapServers(), (short) 1, retention);
            return this;
        } catch (Exception e) {
            throw new IllegalStateException("the Kafka broker failed to start on " + bootstrapServers()
                    + " with data in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private Map<String, Object> brokerProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // one broker: nobody else will join the consumer groups, so do not wait for them
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        return p;
    }

    private void awaitReady() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
        if (deleteOnClose) deleteRecursively(dataDir);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is not worth failing a shutdown for
        }
    }
}
