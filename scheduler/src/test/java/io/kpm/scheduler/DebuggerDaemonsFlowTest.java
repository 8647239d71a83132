package io.kpm.scheduler;

import static io.kpm.scheduler.TestKafka.await;
import static io.kpm.scheduler.TestKafka.meta;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.JobAborted;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.JobRunning;
import io.kpm.schemas.events.KillRequested;
import io.kpm.schemas.events.LaunchRequested;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.RankLaunch;
import io.kpm.schemas.events.RankPlacement;
import io.kpm.schemas.events.SpawnFailed;
import io.kpm.schemas.events.SpawnRequested;
import io.kpm.scheduler.nodes.LiveNodes;
import io.kpm.scheduler.placement.DebugTarget;
import io.kpm.scheduler.placement.PlacementNode;
import io.kpm.scheduler.spawn.DebuggerEnv;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Debugger daemons against a real broker: placed beside a running target, told about it, ended with it. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class DebuggerDaemonsFlowTest {

    static final String N1 = "dbg-1";
    static final String N2 = "dbg-2";
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

    static final AppSpec TOOL = new AppSpec("/usr/bin/gdb", List.of("--batch"), Map.of("T", "1"), null, null, 1,
            List.of(), null, Map.of());

    SpawnRequested daemons(long target, String mode) {
        return new SpawnRequested(meta(), "dbg-" + UUID.randomUUID(), null, null, List.of(TOOL), Map.of(),
                Map.of(DebugTarget.TARGET_KEY, Long.toString(target), DebugTarget.MODE_KEY, mode), "127.0.0.1:7703");
    }

    /** A four-rank job over both nodes, every rank started (pid 5000 + rank). */
    long runningTarget() {
        String id = "target-" + UUID.randomUUID();
        AppSpec four = new AppSpec("/bin/sleep", List.of("60"), Map.of(), null, null, 4, List.of(N1, N2), null, Map.of());
        TopicReader.publish(bootstrap, TestKafka.spawnRequest(id, four));
        long pgid = await(bootstrap, Topics.JOBS, JobAccepted.class, a -> id.equals(a.requestId())).pgid();
        JobPlaced placed = await(bootstrap, Topics.JOBS, JobPlaced.class, p -> p.pgid() == pgid);
        for (RankPlacement r : placed.ranks()) {
            TopicReader.publish(bootstrap, new ProcStarted(meta(), pgid, r.rank(), r.nodeId(), 5000 + r.rank()));
        }
        await(bootstrap, Topics.JOBS, JobRunning.class, r -> r.pgid() == pgid);
        return pgid;
    }

    @Test
    void perProcDaemonsGoBesideEachRankAreToldTheirPidsAndEndWithTheTarget() {
        long target = runningTarget();
        SpawnRequested request = daemons(target, "per-proc");
        TopicReader.publish(bootstrap, request);
        long pgid = await(bootstrap, Topics.JOBS, JobAccepted.class, a -> request.requestId().equals(a.requestId())).pgid();
        JobPlaced placed = await(bootstrap, Topics.JOBS, JobPlaced.class, p -> p.pgid() == pgid);
        assertEquals(List.of(N1, N1, N2, N2), placed.ranks().stream().map(RankPlacement::nodeId).toList(),
                "beside ranks 0,1 on " + N1 + " and 2,3 on " + N2);
        LaunchRequested onN2 = await(bootstrap, Topics.LAUNCH, LaunchRequested.class,
                l -> l.pgid() == pgid && l.nodeId().equals(N2));
        RankLaunch daemon2 = onN2.ranks().get(0);
        assertEquals(2, daemon2.rank());
        assertEquals("2", daemon2.env().get(DebuggerEnv.RANKS));
        assertEquals("5002", daemon2.env().get(DebuggerEnv.PIDS));
        assertEquals(Long.toString(target), daemon2.env().get(DebuggerEnv.PGID));
        assertEquals("127.0.0.1:7703", daemon2.env().get(DebuggerEnv.PMI_PORT));
        assertEquals("1", daemon2.env().get("T"), "the tool's own env is kept");
        assertEquals(false, onN2.spawned(), "daemons are not a spawned group of the target");

        for (int r = 0; r < 4; r++) {
            TopicReader.publish(bootstrap, new ProcStarted(meta(), pgid, r, placed.ranks().get(r).nodeId(), 6000 + r));
        }
        await(bootstrap, Topics.JOBS, JobRunning.class, r -> r.pgid() == pgid);
        for (int r = 0; r < 4; r++) {
            TopicReader.publish(bootstrap, new ProcExited(meta(), target, r, r < 2 ? N1 : N2, 0, false));
        }
        await(bootstrap, Topics.JOBS, JobFinished.class, f -> f.pgid() == target);
        JobAborted ended = await(bootstrap, Topics.JOBS, JobAborted.class, a -> a.pgid() == pgid);
        assertEquals(0, ended.exitCode());
        assertTrue(ended.reason().startsWith("debugger daemons of job " + target + " end with it"), ended.reason());
        await(bootstrap, Topics.LAUNCH, KillRequested.class, k -> k.pgid() == pgid && k.nodeId().equals(N2));
    }

    @Test
    void perNodeDaemonsAreOnePerTargetNodeAndAnUnknownOrEndedTargetIsRefused() {
        long target = runningTarget();
        SpawnRequested request = daemons(target, "per-node");
        TopicReader.publish(bootstrap, request);
        long pgid = await(bootstrap, Topics.JOBS, JobAccepted.class, a -> request.requestId().equals(a.requestId())).pgid();
        JobPlaced placed = await(bootstrap, Topics.JOBS, JobPlaced.class, p -> p.pgid() == pgid);
        assertEquals(List.of(N1, N2), placed.ranks().stream().map(RankPlacement::nodeId).toList());
        LaunchRequested onN1 = await(bootstrap, Topics.LAUNCH, LaunchRequested.class,
                l -> l.pgid() == pgid && l.nodeId().equals(N1));
        assertEquals("0,1", onN1.ranks().get(0).env().get(DebuggerEnv.RANKS));
        assertEquals("5000,5001", onN1.ranks().get(0).env().get(DebuggerEnv.PIDS));

        SpawnRequested nobody = daemons(987_654, "per-node");
        TopicReader.publish(bootstrap, nobody);
        SpawnFailed refused = await(bootstrap, Topics.SPAWN_RESULTS, SpawnFailed.class,
                f -> nobody.requestId().equals(f.requestId()));
        assertEquals(404, refused.status());
        assertEquals("no job 987654 to debug", refused.reason());
    }
}
