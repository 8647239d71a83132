package io.kpm.scheduler.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.LaunchFailure;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcLaunchFailed;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.Producer;
import io.kpm.schemas.events.RankPlacement;

/** Sample events for the unit tests of the job book and of job progress. */
public final class Events {

    public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private Events() {
    }

    public static EventMeta meta() {
        return meta(T0);
    }

    public static EventMeta meta(Instant time) {
        return new EventMeta(UUID.randomUUID().toString(), time, new Producer("test", "unit"), 1);
    }

    public static JobAccepted accepted(long pgid, String requestId, int size) {
        AppSpec app = new AppSpec("/bin/true", List.of(), Map.of(), null, null, size, List.of(), null, Map.of());
        return new JobAccepted(meta(), pgid, requestId, "kvs_kpm_" + pgid, null, size, List.of(app), Map.of(),
                Map.of(), "127.0.0.1:7703");
    }

    /** A job spawned by a rank of {@code spawner}. */
    public static JobAccepted spawnedBy(long spawner, long pgid) {
        AppSpec app = new AppSpec("/bin/true", List.of(), Map.of(), null, null, 1, List.of(), null, Map.of());
        return new JobAccepted(meta(), pgid, "r" + pgid, "kvs_kpm_" + pgid, spawner, 1, List.of(app), Map.of(),
                Map.of(), "127.0.0.1:7703");
    }

    /** Ranks alternate between nodes "a" and "b"; pmiId = 1000 * pgid + rank + 1. */
    public static JobPlaced placed(long pgid, int size) {
        List<RankPlacement> ranks = new ArrayList<>();
        for (int r = 0; r < size; r++) ranks.add(new RankPlacement(r, r % 2 == 0 ? "a" : "b", 0, (int) (1000 * pgid + r + 1)));
        List<String> nodes = size > 1 ? List.of("a", "b") : List.of("a");
        return new JobPlaced(meta(), pgid, "kvs_kpm_" + pgid, size, nodes, ranks, "(vector,(0,2,1))");
    }

    public static ProcStarted started(long pgid, int rank) {
        return new ProcStarted(meta(), pgid, rank, rank % 2 == 0 ? "a" : "b", 100 + rank);
    }

    public static ProcExited exited(long pgid, int rank, int code) {
        return new ProcExited(meta(), pgid, rank, rank % 2 == 0 ? "a" : "b", code, false);
    }

    public static ProcLaunchFailed launchFailed(long pgid, int rank, LaunchFailure why, String message) {
        return new ProcLaunchFailed(meta(), pgid, rank, rank % 2 == 0 ? "a" : "b", why, message);
    }
}
