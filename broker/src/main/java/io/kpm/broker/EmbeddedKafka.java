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
 * A real Apache Kafka broker in KRaft mode (combined broker and controller on 127.0.0.1), running in the current
 * JVM: alone, or one of a cluster ({@link #inCluster}). The data directory is formatted on first start and reused afterwards, so a
 * broker restarted on the same directory keeps its topics: that is what lets kpm services rebuild state
 * from the log.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /**
     * This broker's place in a cluster of several: its node id, every controller as {@code id@host:port}, and the
     * cluster id all of them were formatted with. Each broker is a combined broker and controller.
     */
    public record Membership(int nodeId, String quorumVoters, String clusterId, int clusterSize) {
        public static final Membership SINGLE = new Membership(1, null, null, 1);

        public Membership {
            if (nodeId < 0) throw new IllegalArgumentException("--node-id must be 0 or more, got " + nodeId);
            if (clusterSize < 1) throw new IllegalArgumentException("a cluster has at least one broker");
        }

        boolean single() {
            return clusterSize == 1;
        }
    }

    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final boolean deleteOnClose;
    private Membership membership = Membership.SINGLE;
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

    /** Makes this broker one of a cluster (before {@link #start}). */
    public EmbeddedKafka inCluster(Membership member) {
        this.membership = member;
        return this;
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
                        .setClusterId(membership.clusterId() != null ? membership.clusterId() : Uuid.randomUuid().toString())
                        .setNodeId(membership.nodeId())
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
            // in a cluster, the first broker that sees all of them creates kpm's topics replicated 3 times at most
            TopicSetup.ensureTopics(bootstrapServers(), internalReplicas(), retention);
            return this;
        } catch (Exception e) {
            throw new IllegalStateException("the Kafka broker failed to start on " + bootstrapServers()
                    + " with data in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Replicas of every topic in a cluster (3 at most), 1 for a single broker. */
    private short internalReplicas() {
        return (short) Math.min(3, membership.clusterSize());
    }

    private Map<String, Object> brokerProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(membership.nodeId()));
        p.put("controller.quorum.voters", membership.single()
                ? membership.nodeId() + "@127.0.0.1:" + controllerPort : membership.quorumVoters());
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("num.partitions", "1");
        // Kafka's own topics as replicated as kpm's: in a cluster, the group offsets and the transaction log must
        // outlive a broker, or the scheduler (whose decisions are transactions) stops for good when the broker that
        // held the transaction log's one replica dies (found by ReplicatedKafkaTest)
        String replicas = Short.toString(internalReplicas());
        String minInSync = Integer.toString(TopicSetup.minInSync(internalReplicas()));
        p.put("offsets.topic.replication.factor", replicas);
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minInSync);
        // the scheduler's transactions: one transactional id per kpm cluster needs no 50 partitions (the default),
        // whose creation delayed the first leader by about two seconds
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minInSync);
        // kpm's groups start with their one member (a standby scheduler joins later, and takes nothing from the
        // leader when it does): no need to wait for more
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        // the controller appends a no-op record to the metadata log every 500 ms by default, so that brokers can
        // tell it is alive; an embedded broker is its own controller, and the appends were a fifth of its idle CPU
        p.put("metadata.max.idle.interval.ms", "5000");
        // the log cleaner (kpm.nodes and the offsets topic are compacted) allocates its dedupe buffer on the heap
        // when it starts: 128 MB by default, most of the broker's resident memory; kpm's compacted topics hold a
        // few thousand keys, which 8 MB (about 350,000 keys) covers
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        return p;
    }

    /** Until clients can connect and, in a cluster, every broker has joined (kpm's topics need all replicas). */
    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            while (admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size() < membership.clusterSize()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the other brokers of the cluster did not join within 120 s");
                }
                Thread.sleep(200);
            }
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
