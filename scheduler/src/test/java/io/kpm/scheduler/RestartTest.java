package io.kpm.scheduler;

import static io.kpm.scheduler.TestKafka.app;
import static io.kpm.scheduler.TestKafka.await;
import static io.kpm.scheduler.TestKafka.meta;
import static io.kpm.scheduler.TestKafka.spawnRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.schemas.TopicSetup;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobFailed;
import io.kpm.schemas.events.KillRequested;
import io.kpm.schemas.events.NodeRegistered;
import io.kpm.schemas.events.SpawnFailed;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A scheduler (re)started on a log that already holds jobs, nodes and requests: its own profile makes Quarkus
 * start a new application, and {@link History} writes that log before the application starts.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@TestProfile(RestartTest.Restarted.class)
class RestartTest {

    public static class Restarted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // no waiting for nodes: a request must be placed on the nodes read at startup
            return Map.of("kpm.scheduler.placement-wait", "0s",
                    "kpm.scheduler.launch-deadline", "2s",
                    "kpm.scheduler.node-timeout", "60s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(History.class));
        }
    }

    /** What a previous scheduler and the other services left on the log before this scheduler starts. */
    public static class History implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            String bootstrap = KafkaTestResource.bootstrapServers();
            TopicSetup.ensureTopics(bootstrap, (short) 1);
            long maxPgid = TopicReader.readAll(bootstrap, Topics.JOBS).stream()
                    .filter(JobAccepted.class::isInstance)
                    .mapToLong(e -> ((JobAccepted) e).pgid())
                    .max().orElse(-1);
            long oldPgid = maxPgid + 5;
            String oldRequest = "old-" + UUID.randomUUID();
            String newRequest = "new-" + UUID.randomUUID();
            String node = "restart-node-" + UUID.randomUUID();
            var earlier = spawnRequest(oldRequest, app(1));
            TopicReader.publish(bootstrap,
                    new JobAccepted(meta(), oldPgid, oldRequest, "kvs_kpm_" + oldPgid, null, 1, earlier.apps(),
                            Map.of(), Map.of(), earlier.pmiEndpoint()),
                    new NodeRegistered(meta(), node, "host-" + node, 2, "http://127.0.0.1:1"),
                    earlier,
                    spawnRequest(newRequest, app(2, node)));
            return Map.of("test.old-pgid", Long.toString(oldPgid),
                    "test.old-request", oldRequest,
                    "test.new-request", newRequest,
                    "test.node", node);
        }

        @Override
        public void stop() {
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "test.old-pgid")
    long oldPgid;

    @ConfigProperty(name = "test.old-request")
    String oldRequest;

    @ConfigProperty(name = "test.new-request")
    String newRequest;

    @ConfigProperty(name = "test.node")
    String node;

    JobAccepted newJob() {
        return await(bootstrap, Topics.JOBS, JobAccepted.class, a -> newRequest.equals(a.requestId()));
    }

    @Test
    void theFirstRequestAfterStartSeesTheNodesAndContinuesThePgids() {
        JobAccepted accepted = newJob();
        assertEquals(oldPgid + 1, accepted.pgid());
        assertEquals("kvs_kpm_" + (oldPgid + 1), accepted.kvsname());
    }

    @Test
    void aRequestThatAlreadyMadeAJobMakesNoOther() {
        newJob(); // requests are handled in order: the earlier one has been seen
        List<JobAccepted> jobs = TestKafka.all(bootstrap, Topics.JOBS, JobAccepted.class,
                a -> oldRequest.equals(a.requestId()));
        assertEquals(1, jobs.size());
        assertEquals(oldPgid, jobs.get(0).pgid());
    }

    @Test
    void aJobWhoseRanksDoNotStartFailsAtTheLaunchDeadline() {
        long pgid = newJob().pgid();
        JobFailed failed = await(bootstrap, Topics.JOBS, JobFailed.class, f -> f.pgid() == pgid);
        assertTrue(failed.reason().startsWith("launch deadline of 2s passed: not started: ranks 0, 1"),
                failed.reason());
        SpawnFailed spawnFailed = await(bootstrap, Topics.SPAWN_RESULTS, SpawnFailed.class,
                f -> newRequest.equals(f.requestId()));
        assertEquals(500, spawnFailed.status());
        assertEquals(List.of(-1, -1), spawnFailed.errcodes());
        await(bootstrap, Topics.LAUNCH, KillRequested.class, k -> k.pgid() == pgid && k.nodeId().equals(node));
    }
}
