package io.kpm.cli.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.kpm.cli.replay.PlacementCheck.Difference;
import io.kpm.cli.replay.PlacementCheck.Result;
import io.kpm.scheduler.placement.DebugTarget;
import io.kpm.scheduler.placement.SpawnPlacement;
import io.kpm.scheduler.placement.PlacementInputs;
import io.kpm.scheduler.placement.PlacementNode;
import io.kpm.scheduler.placement.PlacementResult;
import io.kpm.scheduler.placement.PlacementResult.Placed;
import io.kpm.scheduler.placement.PlacementResult.Refused;
import io.kpm.scheduler.spawn.NewJob;
import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.CpuTopology;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.JobRunning;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.Producer;
import io.kpm.schemas.events.RankExit;
import io.kpm.schemas.events.RankPlacement;
import io.kpm.schemas.events.SpawnFailed;
import io.kpm.schemas.events.SpawnRequested;

/**
 * The check on logs written the way the scheduler writes them (its own placement and event builder), then with
 * one recorded decision changed.
 */
class PlacementCheckTest {

    private static final List<PlacementNode> THREE_NODES = List.of(new PlacementNode("node-0", "h0", 2, false),
            new PlacementNode("node-1", "h1", 2, false), new PlacementNode("node-2", "h2", 4, false));

    /** A log as the scheduler records it: requests, decisions, and each rank starting and exiting. */
    private static final class LogBuilder {
        final List<KpmEvent> requests = new ArrayList<>();
        final List<KpmEvent> jobs = new ArrayList<>();
        final List<KpmEvent> proc = new ArrayList<>();
        final List<KpmEvent> results = new ArrayList<>();
        long nextPgid;

        /** @return the pgid of the job, or -1 when placement refused the request */
        long spawn(List<AppSpec> apps, List<PlacementNode> nodes, Long spawnerPgid, Integer spawnerRank,
                String spawnerNode, int exitCode) {
            return spawn(apps, nodes, spawnerPgid, spawnerRank, spawnerNode, exitCode, Map.of());
        }

        long spawn(List<AppSpec> apps, List<PlacementNode> nodes, Long spawnerPgid, Integer spawnerRank,
                String spawnerNode, int exitCode, Map<String, String> jobInfo) {
            String requestId = UUID.randomUUID().toString();
            SpawnRequested request = new SpawnRequested(meta(), requestId, spawnerPgid, spawnerRank, apps, Map.of(),
                    jobInfo, "127.0.0.1:7703");
            requests.add(request);
            PlacementResult result = SpawnPlacement.place(request, List.of(), nodes, spawnerNode);
            if (result instanceof Refused refused) {
                results.add(new SpawnFailed(meta(), requestId, null, refused.reason(), refused.status(), List.of(),
                        PlacementInputs.of(nodes, spawnerNode)));
                return -1;
            }
            Placed placed = (Placed) result;
            long pgid = nextPgid++;
            List<Integer> pmiIds = new ArrayList<>();
            for (int i = 0; i < placed.size(); i++) pmiIds.add(1000 + i);
            jobs.addAll(NewJob.events(pgid, request, placed, PlacementInputs.of(nodes, spawnerNode), pmiIds,
                    PlacementCheckTest::meta).stream().filter(e -> !e.typeName().equals("LaunchRequested")).toList());
            List<RankExit> exits = new ArrayList<>();
            placed.ranks().forEach(r -> proc.add(new ProcStarted(meta(), pgid, r.rank(), r.nodeId(), 100 + r.rank())));
            jobs.add(new JobRunning(meta(), pgid));
            for (var r : placed.ranks()) {
                int code = r.rank() == 0 ? exitCode : 0;
                proc.add(new ProcExited(meta(), pgid, r.rank(), r.nodeId(), code, false));
                exits.add(new RankExit(r.rank(), r.nodeId(), code));
            }
            jobs.add(new JobFinished(meta(), pgid, exitCode, exits));
            return pgid;
        }

        /** Debugger daemons of a job already in the log, placed the way the scheduler places them. */
        long spawnDaemons(long target, String mode, List<PlacementNode> nodes) {
            String requestId = UUID.randomUUID().toString();
            SpawnRequested request = new SpawnRequested(meta(), requestId, null, null, List.of(app("gdb", 1, List.of(),
                    null)), Map.of(), Map.of(DebugTarget.TARGET_KEY, Long.toString(target), DebugTarget.MODE_KEY, mode),
                    "127.0.0.1:7703");
            requests.add(request);
            JobPlaced targetPlaced = (JobPlaced) jobs.get(indexOfPlacement(jobs, target));
            List<DebugTarget.TargetRank> targetRanks = targetPlaced.ranks().stream()
                    .map(r -> new DebugTarget.TargetRank(r.rank(), r.nodeId())).toList();
            Placed placed = (Placed) SpawnPlacement.place(request, targetRanks, nodes, null);
            long pgid = nextPgid++;
            List<Integer> pmiIds = new ArrayList<>();
            for (int i = 0; i < placed.size(); i++) pmiIds.add(2000 + i);
            jobs.addAll(NewJob.events(pgid, request, placed, PlacementInputs.of(nodes, null), pmiIds,
                    PlacementCheckTest::meta).stream().filter(e -> !e.typeName().equals("LaunchRequested")).toList());
            return pgid;
        }

        RecordedLog log() {
            return new RecordedLog(requests, jobs, proc, results, 0);
        }
    }

    static EventMeta meta() {
        return new EventMeta(UUID.randomUUID().toString(), Instant.now(), new Producer("kpm-scheduler", "test"),
                EventMeta.SCHEMA_VERSION);
    }

    static AppSpec app(String cmd, int maxprocs, List<String> hosts, Integer ppn) {
        return new AppSpec(cmd, List.of(), Map.of(), null, null, maxprocs, hosts, ppn, Map.of());
    }

    /** 60 jobs of every shape on three nodes, one spawned from a rank to localhost, and two refusals. */
    private static LogBuilder sixtyJobs() {
        LogBuilder log = new LogBuilder();
        for (int i = 0; i < 57; i++) {
            List<AppSpec> apps = switch (i % 4) {
                case 0 -> List.of(app("a", 1 + i % 9, List.of(), null));
                case 1 -> List.of(app("a", 3, List.of("node-2", "node-0"), null));
                case 2 -> List.of(app("a", 2, List.of(), 1), app("b", 3, List.of("h1"), null));
                default -> List.of(app("a", 5, List.of(), 3));
            };
            log.spawn(apps, THREE_NODES, null, null, null, i % 5);
        }
        List<PlacementNode> oneDraining = List.of(THREE_NODES.get(0), new PlacementNode("node-1", "h1", 2, true),
                THREE_NODES.get(2));
        log.spawn(List.of(app("a", 4, List.of(), null)), oneDraining, null, null, null, 0);
        // job 1 put rank 1 on node-2 (hosts node-2,node-0 with 4 cores): `localhost` for its rank 1 is node-2
        log.spawn(List.of(app("child", 2, List.of("localhost"), null)), THREE_NODES, 1L, 1, "node-2", 0);
        log.spawn(List.of(app("a", 1, List.of("nope"), null)), THREE_NODES, null, null, null, 0);
        log.spawn(List.of(app("a", 1, List.of(), null)), List.of(), null, null, null, 0);
        return log;
    }

    @Test
    void aLogWrittenByTheSchedulerReplaysWithoutADifference() {
        Result result = PlacementCheck.check(sixtyJobs().log(), true);
        assertEquals(List.of(), result.differences());
        assertEquals(59, result.pgids());
        assertEquals(59, result.placements());
        assertEquals(2, result.refusals());
        assertEquals(59, result.outcomes());
        assertEquals(List.of(), result.notChecked());
    }

    @Test
    void oneCorruptedPlacementIsReportedAndNothingElse() {
        LogBuilder log = sixtyJobs();
        int index = indexOfPlacement(log.jobs, 17);
        JobPlaced placed = (JobPlaced) log.jobs.get(index);
        List<RankPlacement> ranks = new ArrayList<>(placed.ranks());
        RankPlacement moved = ranks.get(0);
        String otherNode = moved.nodeId().equals("node-1") ? "node-0" : "node-1";
        ranks.set(0, new RankPlacement(moved.rank(), otherNode, moved.appnum(), moved.pmiId()));
        log.jobs.set(index, new JobPlaced(placed.meta(), placed.pgid(), placed.kvsname(), placed.size(),
                placed.nodes(), ranks, placed.processMapping(), placed.input()));

        List<Difference> differences = PlacementCheck.check(log.log(), true).differences();

        assertEquals(1, differences.size(), differences.toString());
        Difference difference = differences.get(0);
        assertEquals("job 17", difference.subject());
        assertEquals("placement", difference.decision());
        assertTrue(difference.detail().contains("rank 0 recorded on " + otherNode), difference.detail());
    }

    @Test
    void bindingsAreReMadeFromTheRecordedTopologiesAndADifferentCpuSetIsReported() {
        CpuTopology twoCores = new CpuTopology(List.of(List.of(0, 1)), List.of(List.of(0, 1)),
                List.of(List.of(0), List.of(1)));
        List<PlacementNode> nodes = List.of(new PlacementNode("node-0", "h0", 2, false, twoCores),
                new PlacementNode("node-1", "h1", 2, false, twoCores));
        LogBuilder log = new LogBuilder();
        long bound = log.spawn(List.of(app("a", 6, List.of(), null)), nodes, null, null, null, 0,
                Map.of("bind-to", "core"));
        log.spawn(List.of(app("a", 3, List.of(), null)), nodes, null, null, null, 0,
                Map.of("bind-to", "socket", "map-by", "node"));
        assertEquals(List.of(), PlacementCheck.check(log.log(), true).differences());
        JobPlaced placed = (JobPlaced) log.jobs.get(indexOfPlacement(log.jobs, bound));
        assertEquals(List.of("0", "1", "0", "1", "0", "1"), placed.ranks().stream().map(RankPlacement::cpus).toList());

        int index = indexOfPlacement(log.jobs, bound);
        List<RankPlacement> ranks = new ArrayList<>(placed.ranks());
        RankPlacement r = ranks.get(1);
        ranks.set(1, new RankPlacement(r.rank(), r.nodeId(), r.appnum(), r.pmiId(), "0"));
        log.jobs.set(index, new JobPlaced(placed.meta(), placed.pgid(), placed.kvsname(), placed.size(),
                placed.nodes(), ranks, placed.processMapping(), placed.input()));
        List<Difference> differences = PlacementCheck.check(log.log(), true).differences();
        assertEquals(1, differences.size(), differences.toString());
        assertTrue(differences.get(0).detail().contains("rank 1 recorded on node-0 (app 0, cpus 0), replay places it "
                + "on node-0 (app 0, cpus 1)"), differences.get(0).detail());
    }

    @Test
    void debuggerDaemonPlacementsAreReMadeFromTheTargetsRecordedPlacement() {
        LogBuilder log = new LogBuilder();
        long target = log.spawn(List.of(app("a", 5, List.of(), null)), THREE_NODES, null, null, null, 0);
        long perNode = log.spawnDaemons(target, "per-node", THREE_NODES);
        long perProc = log.spawnDaemons(target, "per-proc", THREE_NODES);
        Result result = PlacementCheck.check(log.log(), true);
        assertEquals(List.of(), result.differences());
        assertEquals(3, result.placements());

        // a daemon put on a node where the target has no rank is a difference
        int index = indexOfPlacement(log.jobs, perNode);
        JobPlaced placed = (JobPlaced) log.jobs.get(index);
        List<RankPlacement> ranks = new ArrayList<>(placed.ranks());
        ranks.set(0, new RankPlacement(0, "node-2", 0, ranks.get(0).pmiId()));
        log.jobs.set(index, new JobPlaced(placed.meta(), placed.pgid(), placed.kvsname(), placed.size(),
                placed.nodes(), ranks, placed.processMapping(), placed.input()));
        List<Difference> differences = PlacementCheck.check(log.log(), true).differences();
        assertEquals(1, differences.size(), differences.toString());
        assertEquals("job " + perNode, differences.get(0).subject());
        assertTrue(differences.get(0).detail().contains("rank 0 recorded on node-2"), differences.get(0).detail());
        assertEquals(5, ((JobPlaced) log.jobs.get(indexOfPlacement(log.jobs, perProc))).size());
    }

    @Test
    void aPgidThatDoesNotFollowOnIsADifference() {
        LogBuilder log = new LogBuilder();
        log.spawn(List.of(app("a", 1, List.of(), null)), THREE_NODES, null, null, null, 0);
        log.nextPgid = 5;
        log.spawn(List.of(app("a", 1, List.of(), null)), THREE_NODES, null, null, null, 0);

        List<Difference> differences = PlacementCheck.check(log.log(), true).differences();

        assertEquals(List.of(new Difference("job 5", "pgid",
                "recorded pgid 5, the next pgid after the jobs before it is 1")), differences);
    }

    @Test
    void aRefusalThatPlacementWouldNowAcceptIsADifference() {
        LogBuilder log = new LogBuilder();
        log.spawn(List.of(app("a", 1, List.of("node-1"), null)), THREE_NODES, null, null, null, 0);
        SpawnRequested request = new SpawnRequested(meta(), "req-x", null, null,
                List.of(app("a", 1, List.of("node-1"), null)), Map.of(), Map.of(), "ep");
        log.requests.add(request);
        log.results.add(new SpawnFailed(meta(), "req-x", null, "unknown host 'node-1'", 404, List.of(),
                PlacementInputs.of(THREE_NODES, null)));

        Result result = PlacementCheck.check(log.log(), true);

        assertEquals(1, result.differences().size(), result.differences().toString());
        assertEquals("request req-x", result.differences().get(0).subject());
        assertTrue(result.differences().get(0).detail().contains("replay places it on [node-1]"));
    }

    @Test
    void aFinishedJobsExitCodeMustFollowFromItsRanks() {
        LogBuilder log = new LogBuilder();
        long pgid = log.spawn(List.of(app("a", 3, List.of(), null)), THREE_NODES, null, null, null, 0);
        int last = log.jobs.size() - 1;
        JobFinished finished = (JobFinished) log.jobs.get(last);
        log.jobs.set(last, new JobFinished(finished.meta(), pgid, 9, finished.ranks()));

        List<Difference> differences = PlacementCheck.check(log.log(), true).differences();

        assertEquals(List.of(new Difference("job 0", "outcome",
                "recorded finished with exit code 9, its process events give finished with exit code 0")), differences);
    }

    @Test
    void aPlacementRecordedWithoutItsInputsIsNotCheckedButSaysSo() {
        LogBuilder log = new LogBuilder();
        log.spawn(List.of(app("a", 2, List.of(), null)), THREE_NODES, null, null, null, 0);
        int index = indexOfPlacement(log.jobs, 0);
        JobPlaced placed = (JobPlaced) log.jobs.get(index);
        log.jobs.set(index, new JobPlaced(placed.meta(), placed.pgid(), placed.kvsname(), placed.size(),
                placed.nodes(), placed.ranks(), placed.processMapping()));

        Result result = PlacementCheck.check(log.log(), true);

        assertEquals(List.of(), result.differences());
        assertEquals(0, result.placements());
        assertEquals(1, result.notChecked().size());
        assertTrue(result.notChecked().get(0).startsWith("job 0: placement: recorded without its inputs"));
    }

    private static int indexOfPlacement(List<KpmEvent> jobs, long pgid) {
        for (int i = 0; i < jobs.size(); i++) {
            if (jobs.get(i) instanceof JobPlaced p && p.pgid() == pgid) return i;
        }
        throw new AssertionError("no JobPlaced for job " + pgid);
    }
}
