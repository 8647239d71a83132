package io.kpm.schemas;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.kpm.schemas.events.*;

/** One realistic instance of every event type. */
final class SampleEvents {

    static final Producer PRODUCER = new Producer("test", "sample-1");

    static EventMeta meta() {
        return EventMeta.now(PRODUCER);
    }

    /** Two sockets of two single-thread cores, one NUMA node: cpu ids as a restricted cpuset could leave them. */
    static final CpuTopology TOPOLOGY = new CpuTopology(List.of(List.of(0, 1), List.of(2, 4)), List.of(List.of(0, 1, 2, 4)),
            List.of(List.of(0), List.of(1), List.of(2), List.of(4)));

    static List<KpmEvent> all() {
        AppSpec app = new AppSpec("./child", List.of("a b", "c;d"), Map.of("OMP_NUM_THREADS", "1"), "/tmp", "/opt/bin",
                2, List.of("node-0"), null, Map.of("wdir", "/tmp", "mpi_color", "blue"),
                List.of(new EnvOp(EnvOp.Kind.PREPEND, "PATH", "/opt/x/bin", ":"), new EnvOp(EnvOp.Kind.UNSET, "DISPLAY", null, null)));
        return List.of(
                new SpawnRequested(meta(), "req-1", 3L, 0, List.of(app), Map.of("PARENT_ROOT_PORT_NAME", "port;;1"),
                        Map.of(), "127.0.0.1:7703"),
                new SpawnRequested(meta(), "req-2", null, null, List.of(app), null, null, "127.0.0.1:7703"),
                new AbortRequested(meta(), "req-3", 4, "killed by user", null),
                new JobAccepted(meta(), 4, "req-1", "kvs_kpm_4", 3L, 2, List.of(app), Map.of("k", "v"), Map.of(), "127.0.0.1:7703"),
                new JobPlaced(meta(), 4, "kvs_kpm_4", 2, List.of("node-0"),
                        List.of(new RankPlacement(0, "node-0", 0, 17), new RankPlacement(1, "node-0", 0, 9121)), "(vector,(0,1,2))"),
                new JobPlaced(meta(), 9, "kvs_kpm_9", 2, List.of("node-0"),
                        List.of(new RankPlacement(0, "node-0", 0, 5, "0"), new RankPlacement(1, "node-0", 0, 6, "1-2,4")),
                        "(vector,(0,1,2))", new PlacementInput(List.of(new PlacementInput.Node("node-0", "host-a", 2, false,
                                TOPOLOGY)), null)),
                new JobPlaced(meta(), 7, "kvs_kpm_7", 1, List.of("node-1"), List.of(new RankPlacement(0, "node-1", 0, 3)),
                        "(vector,(0,1,1))", new PlacementInput(List.of(new PlacementInput.Node("node-0", "host-a", 2, true),
                                new PlacementInput.Node("node-1", null, 4, false)), "node-0")),
                new JobRunning(meta(), 4),
                new JobFinished(meta(), 4, 3, List.of(new RankExit(0, "node-0", 0), new RankExit(1, "node-0", 3))),
                new JobFailed(meta(), 5, "rank 0 on node-0: /no/such/file: no such file", 0, 127),
                new JobAborted(meta(), 6, "killed by user", 143),
                new LaunchRequested(meta(), "node-0", 4, "kvs_kpm_4", 2, true, "127.0.0.1:7703",
                        List.of(new RankLaunch(0, 0, 17, "./child", List.of("x"), Map.of(), null, null),
                                new RankLaunch(1, 0, 18, "./child", List.of(), Map.of(), null, null,
                                        List.of(new EnvOp(EnvOp.Kind.APPEND, "LD_LIBRARY_PATH", "/opt/x/lib", null))))),
                new LaunchRequested(meta(), "node-0", 8, "kvs_kpm_8", 1, false, "127.0.0.1:7703",
                        List.of(new RankLaunch(0, 0, 21, "cat", List.of(), Map.of(), null, null)), 0),
                new LaunchRequested(meta(), "node-0", 9, "kvs_kpm_9", 1, false, "127.0.0.1:7703",
                        List.of(new RankLaunch(0, 0, 5, "cat", List.of(), Map.of(), null, null, List.of(), "0,2"))),
                new KillRequested(meta(), "node-0", 4, "job aborted"),
                new SignalRequested(meta(), "node-0", 4, "USR1"),
                new ProcStarted(meta(), 4, 0, "node-0", 4242),
                new ProcStarted(meta(), 9, 0, "node-0", 4243, "run-1", "0"),
                new ProcExited(meta(), 4, 0, "node-0", 137, true),
                new ProcLaunchFailed(meta(), 5, 0, "node-0", LaunchFailure.NOT_FOUND, "/no/such/file: no such file"),
                new OutputChunk(meta(), 4, 1, "node-0", OutputStream.STDERR, 0, "héllo\n".getBytes(), false),
                new OutputChunk(meta(), 4, 1, "node-0", OutputStream.STDOUT, 7, null, true),
                new OutputChunk(meta(), 4, 2, "node-0", OutputStream.STDOUT, 9, null, true, true, 131072, 5000),
                new StdinChunk(meta(), "node-0", 8, 0, 0, "hi\n".getBytes(), false),
                new StdinChunk(meta(), "node-0", 8, 0, 1, null, true),
                new SpawnCompleted(meta(), "req-1", 4, "kvs_kpm_4", List.of(0, 0)),
                new SpawnFailed(meta(), "req-9", null, "unknown host 'nope'", 404, null),
                new SpawnFailed(meta(), "req-10", null, "unknown host 'nope'", 404, null,
                        new PlacementInput(List.of(new PlacementInput.Node("node-0", "host-a", 2, false)), null)),
                new NodeRegistered(meta(), "node-0", "host-a", 2, "http://127.0.0.1:7710"),
                new NodeRegistered(meta(), "node-0", "host-a", 2, "http://127.0.0.1:7710", "run-1", 0, TOPOLOGY),
                new NodeHeartbeat(meta(), "node-0", "host-a", 2, 1),
                new NodeHeartbeat(meta(), "node-0", "host-a", 2, 1, TOPOLOGY, Map.of("rack", "r1", "gpu", "")),
                new NodeRegistered(meta(), "node-0", "host-a", 2, "http://127.0.0.1:7710", "run-1", 0, TOPOLOGY,
                        Map.of("rack", "r1")),
                new NodeDraining(meta(), "node-0", "host-a", 2, "maintenance"),
                new NodeUndrained(meta(), "node-0", null),
                new NodeLeft(meta(), "node-0", "lost"),
                new PmiExchange(meta(), 4, 1, "pmi-2", "cmd=kvs-fence;", "cmd=kvs-fence-response;rc=0;",
                        Instant.parse("2026-11-22T10:00:00Z"), Instant.parse("2026-11-22T10:00:00.002Z")));
    }

    private SampleEvents() {
    }
}
