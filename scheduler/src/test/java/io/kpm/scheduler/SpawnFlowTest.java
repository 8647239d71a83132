package io.kpm.scheduler;

import static io.kpm.scheduler.TestKafka.app;
import static io.kpm.scheduler.TestKafka.await;
import static io.kpm.scheduler.TestKafka.meta;
import static io.kpm.scheduler.TestKafka.spawnRequest;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.AbortRequested;
import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.JobAborted;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobFailed;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.JobRunning;
import io.kpm.schemas.events.KillRequested;
import io.kpm.schemas.events.LaunchFailure;
import io.kpm.schemas.events.LaunchRequested;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcLaunchFailed;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.RankLaunch;
import io.kpm.schemas.events.RankPlacement;
import io.kpm.schemas.events.SpawnCompleted;
import io.kpm.schemas.events.SpawnFailed;
import io.kpm.schemas.events.SpawnRequested;
import io.kpm.schemas.serde.EventSchemas;
import io.kpm.scheduler.nodes.LiveNodes;
import io.kpm.scheduler.placement.PlacementNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The scheduler against a real broker: two pretend nodes of 2 cores, jobs fed with process events by hand. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpawnFlowTest {

    static final String N1 = "flow-1";
    static final String N2 = "flow-2";
    static TestNodes nodes;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    LiveNodes liveNodes;

    @BeforeEach
    void twoNodesOfTwoCores() {
        if (nodes == null) nodes = TestNodes.start(bootstrap, 2, N1, N2);
        await().atMost(TestKafka.WAIT).until(() -> liveNodes.placeable().stream().map(PlacementNode::nodeId)
                .toList().containsAll(List.of(N1, N2)));
    }

    @AfterAll
    static void stopNodes() throws InterruptedException {
        if (nodes != null) nodes.close();
        nodes = null;
    }

    /** Publishes the request and returns the pgid of the job it became. */
    long spawn(SpawnRequested request) {
        TopicReader.publish(bootstrap, request);
        return await(bootstrap, Topics.JOBS, JobAccepted.class, a -> request.requestId().equals(a.requestId())).pgid();
    }

    static String newId() {
        return "test-" + UUID.randomUUID();
    }

    @Test
    void sixRanksOnTwoNodesRunAndFinishWithTheLargestExitCode() {
        String requestId = newId();
        AppSpec sixRanks = new AppSpec("/bin/true", List.of("arg"), Map.of("K", "V"), null, null, 6, List.of(), null,
                Map.of("hosts", N1 + "," + N2, "wdir", "/tmp"));
        long pgid = spawn(spawnRequest(requestId, sixRanks));

        JobAccepted accepted = await(bootstrap, Topics.JOBS, JobAccepted.class, a -> a.pgid() == pgid);
        assertEquals("kvs_kpm_" + pgid, accepted.kvsname());
        assertEquals(6, accepted.size());

        JobPlaced placed = await(bootstrap, Topics.JOBS, JobPlaced.class, p -> p.pgid() == pgid);
        assertEquals(List.of(N1, N2), placed.nodes());
        assertEquals("(vector,(0,2,2),(0,1,2))", placed.processMapping());
        assertEquals(List.of(N1, N1, N2, N2, N1, N1), placed.ranks().stream().map(RankPlacement::nodeId).toList());
        assertEquals(6, new HashSet<>(placed.ranks().stream().map(RankPlacement::pmiId).toList()).size());
        assertTrue(placed.ranks().stream().allMatch(r -> r.pmiId() > 0));
        assertTrue(placed.input().nodes().stream().map(n -> n.nodeId()).toList().containsAll(List.of(N1, N2)),
                "the decision records the nodes it placed on: " + placed.input());
        assertNull(placed.input().spawnerNode(), "a launcher's request has no spawning rank");

        LaunchRequested onN1 = await(bootstrap, Topics.LAUNCH, LaunchRequested.class,
                l -> l.pgid() == pgid && l.nodeId().equals(N1));
        LaunchRequested onN2 = await(bootstrap, Topics.LAUNCH, LaunchRequested.class,
                l -> l.pgid() == pgid && l.nodeId().equals(N2));
        assertEquals(List.of(0, 1, 4, 5), onN1.ranks().stream().map(RankLaunch::rank).toList());
        assertEquals(List.of(2, 3), onN2.ranks().stream().map(RankLaunch::rank).toList());
        RankLaunch rank2 = onN2.ranks().get(0);
        assertEquals("/bin/true", rank2.cmd());
        assertEquals(List.of("arg"), rank2.argv());
        assertEquals(Map.of("K", "V"), rank2.env());
        assertEquals("/tmp", rank2.wdir());
        assertEquals(placed.ranks().get(2).pmiId(), rank2.pmiId());
        assertEquals("127.0.0.1:7703", onN2.pmiEndpoint());
        assertEquals(false, onN2.spawned());
        assertEquals(accepted.kvsname(), onN2.kvsname());

        for (RankPlacement r : placed.ranks()) {
            TopicReader.publish(bootstrap, new ProcStarted(meta(), pgid, r.rank(), r.nodeId(), 1000 + r.rank()));
        }
        await(bootstrap, Topics.JOBS, JobRunning.class, r -> r.pgid() == pgid);
        SpawnCompleted completed = await(bootstrap, Topics.SPAWN_RESULTS, SpawnCompleted.class,
                c -> requestId.equals(c.requestId()));
        assertEquals(pgid, completed.pgid());
        assertEquals(accepted.kvsname(), completed.kvsname());
        assertEquals(List.of(0, 0, 0, 0, 0, 0), completed.errcodes());

        for (RankPlacement r : placed.ranks()) {
            TopicReader.publish(bootstrap, new ProcExited(meta(), pgid, r.rank(), r.nodeId(), r.rank() == 3 ? 3 : 0,
                    false));
        }
        JobFinished finished = await(bootstrap, Topics.JOBS, JobFinished.class, f -> f.pgid() == pgid);
        assertEquals(3, finished.exitCode());
        assertEquals(6, finished.ranks().size());
        assertEquals(Integer.valueOf(3), finished.ranks().get(3).exitCode());
    }

    @Test
    void aLaunchFailureFailsTheJobAndKillsItsRanks() {
        String requestId = newId();
        AppSpec onePerNode = new AppSpec("/no/such/file", List.of(), Map.of(), null, null, 2, List.of(N1, N2), 1,
                Map.of());
        long pgid = spawn(spawnRequest(requestId, onePerNode));
        await(bootstrap, Topics.LAUNCH, LaunchRequested.class, l -> l.pgid() == pgid && l.nodeId().equals(N2));

        TopicReader.publish(bootstrap, new ProcStarted(meta(), pgid, 0, N1, 4242),
                new ProcLaunchFailed(meta(), pgid, 1, N2, LaunchFailure.NOT_FOUND, "no such file: /no/such/file"));

        JobFailed failed = await(bootstrap, Topics.JOBS, JobFailed.class, f -> f.pgid() == pgid);
        assertEquals("rank 1 on " + N2 + ": no such file: /no/such/file", failed.reason());
        assertEquals(Integer.valueOf(1), failed.failedRank());
        assertEquals(127, failed.exitCode());
        SpawnFailed spawnFailed = await(bootstrap, Topics.SPAWN_RESULTS, SpawnFailed.class,
                f -> requestId.equals(f.requestId()));
        assertEquals(Long.valueOf(pgid), spawnFailed.pgid());
        assertEquals(500, spawnFailed.status());
        assertEquals(List.of(0, 1), spawnFailed.errcodes());
        await(bootstrap, Topics.LAUNCH, KillRequested.class, k -> k.pgid() == pgid && k.nodeId().equals(N1));
        await(bootstrap, Topics.LAUNCH, KillRequested.class, k -> k.pgid() == pgid && k.nodeId().equals(N2));
    }

    @Test
    void anAbortEndsARunningJobAndKillsItsRanks() {
        String requestId = newId();
        long pgid = spawn(spawnRequest(requestId, app(1, N2)));
        TopicReader.publish(bootstrap, new ProcStarted(meta(), pgid, 0, N2, 777));
        await(bootstrap, Topics.JOBS, JobRunning.class, r -> r.pgid() == pgid);

        TopicReader.publish(bootstrap, new AbortRequested(meta(), newId(), pgid, "killed by the test", null));
        JobAborted aborted = await(bootstrap, Topics.JOBS, JobAborted.class, a -> a.pgid() == pgid);
        assertEquals("killed by the test", aborted.reason());
        assertEquals(143, aborted.exitCode());
        KillRequested kill = await(bootstrap, Topics.LAUNCH, KillRequested.class, k -> k.pgid() == pgid);
        assertEquals(N2, kill.nodeId());

        // the killed rank's exit does not turn the aborted job into a finished one
        TopicReader.publish(bootstrap, new ProcExited(meta(), pgid, 0, N2, 143, true));
        String marker = newId();
        TopicReader.publish(bootstrap, spawnRequest(marker, app(0)));
        await(bootstrap, Topics.SPAWN_RESULTS, SpawnFailed.class, f -> marker.equals(f.requestId()));
        assertTrue(TestKafka.all(bootstrap, Topics.JOBS, JobFinished.class, f -> f.pgid() == pgid).isEmpty());
    }

    @Test
    void anAbortAlsoEndsTheGroupsSpawnedFromTheJobButNotTheOnesThatEnded() {
        long parent = spawn(spawnRequest(newId(), app(1, N1)));
        TopicReader.publish(bootstrap, new ProcStarted(meta(), parent, 0, N1, 801));
        await(bootstrap, Topics.JOBS, JobRunning.class, r -> r.pgid() == parent);
        long child = spawn(spawnedBy(parent, app(1, N2)));
        long finishedChild = spawn(spawnedBy(parent, app(1, N2)));
        long grandchild = spawn(spawnedBy(child, app(1, N1)));
        long stranger = spawn(spawnRequest(newId(), app(1, N2)));
        for (long pgid : List.of(child, finishedChild, grandchild, stranger)) {
            String node = pgid == grandchild ? N1 : N2;
            TopicReader.publish(bootstrap, new ProcStarted(meta(), pgid, 0, node, 900 + (int) pgid));
            await(bootstrap, Topics.JOBS, JobRunning.class, r -> r.pgid() == pgid);
        }
        TopicReader.publish(bootstrap, new ProcExited(meta(), finishedChild, 0, N2, 0, false));
        await(bootstrap, Topics.JOBS, JobFinished.class, f -> f.pgid() == finishedChild);

        TopicReader.publish(bootstrap, new AbortRequested(meta(), newId(), parent, "MPI_Abort", 7));

        assertEquals(7, await(bootstrap, Topics.JOBS, JobAborted.class, a -> a.pgid() == parent).exitCode());
        for (long pgid : List.of(child, grandchild)) {
            JobAborted aborted = await(bootstrap, Topics.JOBS, JobAborted.class, a -> a.pgid() == pgid);
            assertEquals(7, aborted.exitCode());
            assertTrue(aborted.reason().startsWith("aborted with job " + parent), aborted.reason());
            await(bootstrap, Topics.LAUNCH, KillRequested.class, k -> k.pgid() == pgid);
        }
        // a marker request: once it is answered, the abort has been handled completely
        String marker = newId();
        TopicReader.publish(bootstrap, spawnRequest(marker, app(0)));
        await(bootstrap, Topics.SPAWN_RESULTS, SpawnFailed.class, f -> marker.equals(f.requestId()));
        assertTrue(TestKafka.all(bootstrap, Topics.JOBS, JobAborted.class,
                a -> a.pgid() == finishedChild || a.pgid() == stranger).isEmpty(), "only the live family is aborted");
    }

    @Test
    void aRanksMpiAbortInASpawnedGroupEndsItsWholeSpawnFamilyWithTheAbortsExitCode() {
        long root = spawn(spawnRequest(newId(), app(1, N1)));
        long child = spawn(spawnedBy(root, app(1, N2)));
        long grandchild = spawn(spawnedBy(child, app(1, N1)));
        long sibling = spawn(spawnedBy(root, app(1, N2)));
        long stranger = spawn(spawnRequest(newId(), app(1, N2)));
        for (long pgid : List.of(root, child, grandchild, sibling, stranger)) {
            String node = pgid == root || pgid == grandchild ? N1 : N2;
            TopicReader.publish(bootstrap, new ProcStarted(meta(), pgid, 0, node, 700 + (int) pgid));
            await(bootstrap, Topics.JOBS, JobRunning.class, r -> r.pgid() == pgid);
        }

        TopicReader.publish(bootstrap, new AbortRequested(meta(), newId(), grandchild, "rank 0 aborted: boom", 5, true));

        JobAborted own = await(bootstrap, Topics.JOBS, JobAborted.class, a -> a.pgid() == grandchild);
        assertEquals("rank 0 aborted: boom", own.reason());
        for (long pgid : List.of(root, child, sibling)) {
            JobAborted aborted = await(bootstrap, Topics.JOBS, JobAborted.class, a -> a.pgid() == pgid);
            assertEquals(5, aborted.exitCode());
            assertEquals("aborted with job " + grandchild + " of the same spawn family (rank 0 aborted: boom)",
                    aborted.reason());
        }
        String marker = newId();
        TopicReader.publish(bootstrap, spawnRequest(marker, app(0)));
        await(bootstrap, Topics.SPAWN_RESULTS, SpawnFailed.class, f -> marker.equals(f.requestId()));
        assertTrue(TestKafka.all(bootstrap, Topics.JOBS, JobAborted.class, a -> a.pgid() == stranger).isEmpty(),
                "a job outside the family is left alone");
    }

    @Test
    void aRequestReadAfterItsDeadlineIsRefusedAndNeverRuns() {
        String requestId = newId();
        TopicReader.publish(bootstrap, spawnRequest(requestId, app(1, N1)).withDeadline(java.time.Instant.now().minusSeconds(1)));
        SpawnFailed refused = await(bootstrap, Topics.SPAWN_RESULTS, SpawnFailed.class, f -> requestId.equals(f.requestId()));
        assertEquals(504, refused.status());
        assertNull(refused.pgid());
        assertTrue(refused.reason().contains("deadline"), refused.reason());
        assertTrue(TestKafka.all(bootstrap, Topics.JOBS, JobAccepted.class, a -> requestId.equals(a.requestId())).isEmpty());
    }

    private static SpawnRequested spawnedBy(long spawner, AppSpec app) {
        return new SpawnRequested(meta(), newId(), spawner, 0, List.of(app), Map.of(), Map.of(), "127.0.0.1:7703");
    }

    @Test
    void anUnknownHostIsRefusedWith404() {
        String requestId = newId();
        TopicReader.publish(bootstrap, spawnRequest(requestId, app(1, N1, "no-such-host")));
        SpawnFailed failed = await(bootstrap, Topics.SPAWN_RESULTS, SpawnFailed.class,
                f -> requestId.equals(f.requestId()));
        assertEquals(404, failed.status());
        assertNull(failed.pgid());
        assertTrue(failed.reason().contains("'no-such-host'"), failed.reason());
        assertTrue(failed.reason().contains(N1), failed.reason());
        assertTrue(failed.errcodes().isEmpty());
        assertNotNull(failed.input(), "a placement refusal records what it refused on");
        assertTrue(TestKafka.all(bootstrap, Topics.JOBS, JobAccepted.class, a -> requestId.equals(a.requestId()))
                .isEmpty());
    }

    @Test
    void aBadRequestIsRefusedWith400() {
        String requestId = newId();
        TopicReader.publish(bootstrap, spawnRequest(requestId, app(0, N1)));
        SpawnFailed failed = await(bootstrap, Topics.SPAWN_RESULTS, SpawnFailed.class,
                f -> requestId.equals(f.requestId()));
        assertEquals(400, failed.status());
        assertEquals("app 0: maxprocs must be at least 1, got 0", failed.reason());
    }

    @Test
    void aRefusedRequestSentAgainIsRefusedAgainAndNeverRuns() {
        String requestId = newId();
        // refused: no such host. Sent again, it would fit now (the host is a real node): a refusal is final
        TopicReader.publish(bootstrap, spawnRequest(requestId, app(1, "no-such-host")));
        await(bootstrap, Topics.SPAWN_RESULTS, SpawnFailed.class, f -> requestId.equals(f.requestId()));
        TopicReader.publish(bootstrap, spawnRequest(requestId, app(1, N1)));
        String marker = newId();
        TopicReader.publish(bootstrap, spawnRequest(marker, app(0)));
        await(bootstrap, Topics.SPAWN_RESULTS, SpawnFailed.class, f -> marker.equals(f.requestId()));

        List<SpawnFailed> answers = TestKafka.all(bootstrap, Topics.SPAWN_RESULTS, SpawnFailed.class,
                f -> requestId.equals(f.requestId()));
        assertEquals(2, answers.size(), "each sending is answered");
        assertEquals(answers.get(0).reason(), answers.get(1).reason());
        assertEquals(404, answers.get(1).status());
        assertTrue(TestKafka.all(bootstrap, Topics.JOBS, JobAccepted.class, a -> requestId.equals(a.requestId()))
                .isEmpty());
    }

    @Test
    void theSameRequestPublishedTwiceMakesOneJob() {
        String requestId = newId();
        SpawnRequested request = spawnRequest(requestId, app(1, N1));
        long pgid = spawn(request);
        TopicReader.publish(bootstrap, request);
        // the channel handles requests in order: once a later request is answered, the repeat was handled
        String marker = newId();
        TopicReader.publish(bootstrap, spawnRequest(marker, app(0)));
        await(bootstrap, Topics.SPAWN_RESULTS, SpawnFailed.class, f -> marker.equals(f.requestId()));

        List<JobAccepted> jobs = TestKafka.all(bootstrap, Topics.JOBS, JobAccepted.class,
                a -> requestId.equals(a.requestId()));
        assertEquals(1, jobs.size());
        assertEquals(pgid, jobs.get(0).pgid());
    }

    @Test
    void consecutiveJobsGetConsecutivePgids() {
        long first = spawn(spawnRequest(newId(), app(1, N1)));
        long second = spawn(spawnRequest(newId(), app(1, N2)));
        assertEquals(first + 1, second);
    }

    @Test
    @Order(Integer.MAX_VALUE) // last, so that every kind of event the other tests caused is on the topics
    void everyEventOnTheSchedulersTopicsMatchesItsSchema() {
        for (String topic : List.of(Topics.JOBS, Topics.LAUNCH, Topics.SPAWN_RESULTS, Topics.NODES)) {
            var records = TopicReader.readAllRecords(bootstrap, topic);
            assertTrue(!records.isEmpty(), "nothing on " + topic);
            for (var record : records) {
                String json = new String(record.value(), StandardCharsets.UTF_8);
                assertEquals(List.of(), EventSchemas.validate(json), json);
            }
        }
    }
}
