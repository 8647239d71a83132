package io.kpm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.kpm.schemas.Topics;
import io.kpm.schemas.events.JobFinished;

/**
 * kpm on a real replicated Kafka: a KRaft cluster of three brokers as separate processes, kpm's topics replicated
 * three times with min.insync.replicas 2 ({@code kpm up --kafka ... --replication-factor 3}). The broker that leads
 * kpm.nodes is killed with SIGKILL under a load of jobs: no node is declared lost for the seconds its heartbeats
 * cannot pass, every job still runs exactly once and finishes, and nothing acknowledged is lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicatedKafkaTest {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    private KafkaCluster cluster;
    private Path work;
    private Path stateDir;
    private String gatewayUrl;

    @BeforeAll
    void up() throws Exception {
        Path target = Kpm.repoRoot().resolve("e2e/target");
        work = Files.createDirectories(target.resolve("e2e-work"));
        long id = System.nanoTime();
        cluster = KafkaCluster.start(target.resolve("e2e-kafka3-" + id), 3);
        stateDir = target.resolve("e2e-replicated-" + id);
        int basePort = Kpm.freeBasePort();
        gatewayUrl = "http://127.0.0.1:" + (basePort + 2);
        Kpm.Result up = Kpm.run(work, Duration.ofMinutes(4), "up", "--kafka", cluster.bootstrap(),
                "--replication-factor", "3", "--nodes", "2", "--cores", "2", "--base-port", Integer.toString(basePort),
                "--state-dir", stateDir.toString());
        assertEquals(0, up.exitCode(), up.toString());
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.liveBootstrap()));
    }

    @Test
    @Order(1)
    void kpmsTopicsAreReplicatedThreeTimesAndAWriteNeedsTwoReplicas() throws Exception {
        try (Admin admin = admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.ALL.stream().map(Topics.TopicSpec::name).toList())
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            for (TopicDescription topic : topics.values()) {
                topic.partitions().forEach(p -> assertEquals(3, p.replicas().size(), topic.name() + " replicas"));
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
                Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
                assertEquals("2", config.get("min.insync.replicas").value(), topic.name() + " min.insync.replicas");
            }
            // Kafka's own: the scheduler's transactions and the groups' offsets must outlive a broker too
            Map<String, TopicDescription> internal = admin.describeTopics(List.of("__transaction_state", "__consumer_offsets"))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            for (TopicDescription topic : internal.values()) {
                topic.partitions().forEach(p -> assertEquals(3, p.replicas().size(), topic.name() + " replicas"));
            }
        }
    }

    @Test
    @Order(2)
    void aBrokerKilledUnderLoadLosesNothingAndLaunchesNothingTwice() throws Exception {
        // the hardest broker to lose: the one heartbeats go through, so that for seconds no node can be heard
        int victim;
        try (Admin admin = admin()) {
            victim = admin.describeTopics(List.of(Topics.NODES)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(Topics.NODES).partitions().get(0).leader().id();
        }
        int jobs = 30;
        ExecutorService clients = Executors.newFixedThreadPool(3);
        List<Future<Kpm.Result>> runs = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            runs.add(clients.submit(() -> Kpm.run(work, RUN_TIMEOUT, "run", "--gateway", gatewayUrl, "-n", "2", "--",
                    "sh", "-c", "echo rank $PMI_RANK of $PMI_SIZE")));
        }
        while (runs.stream().filter(Future::isDone).count() < 5) Thread.sleep(50);
        cluster.kill(victim);
        for (Future<Kpm.Result> run : runs) {
            Kpm.Result result = run.get();
            assertEquals(0, result.exitCode(), "a job run while broker " + victim + " died: " + result);
            assertTrue(result.stdout().contains("rank 0 of 2") && result.stdout().contains("rank 1 of 2"), result.toString());
        }
        clients.shutdown();

        JobLog log = JobLog.read(cluster.liveBootstrap());
        log.assertEveryRequestRanOnce();
        assertEquals(jobs, log.accepted().size());
        assertEquals(jobs, log.jobs().stream().filter(JobFinished.class::isInstance).count(), "every job finished");
    }

    @AfterAll
    void down() throws Exception {
        try {
            Kpm.Result down = Kpm.run(work, Duration.ofMinutes(2), "down", "--state-dir", stateDir.toString());
            assertEquals(0, down.exitCode(), down.toString());
        } finally {
            cluster.close();
        }
    }
}
