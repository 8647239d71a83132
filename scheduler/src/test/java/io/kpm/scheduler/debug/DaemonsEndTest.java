package io.kpm.scheduler.debug;

import static io.kpm.scheduler.jobs.Events.accepted;
import static io.kpm.scheduler.jobs.Events.exited;
import static io.kpm.scheduler.jobs.Events.meta;
import static io.kpm.scheduler.jobs.Events.placed;
import static io.kpm.scheduler.jobs.Events.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.JobAborted;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobRunning;
import io.kpm.schemas.events.KillRequested;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.RankExit;
import io.kpm.scheduler.jobs.JobBook;
import io.kpm.scheduler.placement.DebugTarget;
import io.kpm.scheduler.spawn.DebuggerEnv;

class DaemonsEndTest {

    static JobAccepted daemons(long pgid, long target) {
        AppSpec tool = new AppSpec("gdb", List.of(), Map.of(), null, null, 1, List.of(), null, Map.of());
        return new JobAccepted(meta(), pgid, "d" + pgid, "kvs_kpm_" + pgid, null, 2, List.of(tool), Map.of(),
                Map.of(DebugTarget.TARGET_KEY, Long.toString(target), DebugTarget.MODE_KEY, "per-node"), "h:1");
    }

    static JobBook runningTargetWithDaemons() {
        JobBook book = new JobBook();
        for (KpmEvent e : List.of(accepted(1, "t", 4), placed(1, 4), started(1, 0), started(1, 1), started(1, 2),
                started(1, 3), new JobRunning(meta(), 1), daemons(2, 1), placed(2, 2), started(2, 0), started(2, 1),
                new JobRunning(meta(), 2))) {
            book.apply(e);
        }
        return book;
    }

    @Test
    void daemonsOfARunningTargetStay() {
        JobBook book = runningTargetWithDaemons();
        assertEquals(List.of(), DaemonsEnd.afterTarget(book.job(2).orElseThrow(), book.job(1), () -> meta()));
        assertEquals(1L, DaemonsEnd.targetOf(book.job(2).orElseThrow()).orElseThrow());
        assertTrue(DaemonsEnd.targetOf(book.job(1).orElseThrow()).isEmpty());
    }

    @Test
    void daemonsEndWithExitCodeZeroAndKillsWhenTheTargetEnded() {
        JobBook book = runningTargetWithDaemons();
        for (int r = 0; r < 4; r++) book.apply(exited(1, r, 0));
        book.apply(new JobFinished(meta(), 1, 0, List.of(new RankExit(0, "a", 0))));
        List<KpmEvent> out = DaemonsEnd.afterTarget(book.job(2).orElseThrow(), book.job(1), () -> meta());
        JobAborted aborted = assertInstanceOf(JobAborted.class, out.get(0));
        assertEquals(0, aborted.exitCode());
        assertTrue(aborted.reason().startsWith("debugger daemons of job 1 end with it (it finished"), aborted.reason());
        assertEquals(2, out.stream().filter(e -> e instanceof KillRequested).count(), "a kill to each daemon node");
    }

    @Test
    void eachDaemonIsToldItsTargetRanksPidsAndPmiEndpoint() {
        JobBook book = runningTargetWithDaemons();
        var env = DebuggerEnv.of(new DebugTarget(1, DebugTarget.Mode.PER_NODE), book.job(1).orElseThrow());
        // Events.placed alternates nodes a, b: node a has ranks 0 and 2, node b 1 and 3; pids are 100 + rank
        assertEquals("0,2", env.get(0).get(DebuggerEnv.RANKS));
        assertEquals("100,102", env.get(0).get(DebuggerEnv.PIDS));
        assertEquals("1,3", env.get(1).get(DebuggerEnv.RANKS));
        assertEquals("1", env.get(1).get(DebuggerEnv.PGID));
        assertEquals("kvs_kpm_1", env.get(1).get(DebuggerEnv.KVSNAME));
        assertEquals("127.0.0.1:7703", env.get(1).get(DebuggerEnv.PMI_PORT));
        assertEquals("4", env.get(1).get(DebuggerEnv.SIZE));
        assertEquals(404, DebuggerEnv.notAttachable(9, null).orElseThrow().status());
        assertTrue(DebuggerEnv.notAttachable(1, book.job(1).orElseThrow()).isEmpty());
        book.apply(new JobAborted(meta(), 1, "killed", 143));
        assertEquals(409, DebuggerEnv.notAttachable(1, book.job(1).orElseThrow()).orElseThrow().status());
    }
}
