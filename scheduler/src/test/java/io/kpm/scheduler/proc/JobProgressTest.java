package io.kpm.scheduler.proc;

import static io.kpm.scheduler.jobs.Events.accepted;
import static io.kpm.scheduler.jobs.Events.exited;
import static io.kpm.scheduler.jobs.Events.launchFailed;
import static io.kpm.scheduler.jobs.Events.placed;
import static io.kpm.scheduler.jobs.Events.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kpm.schemas.events.AbortRequested;
import io.kpm.schemas.events.JobAborted;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobFailed;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobRunning;
import io.kpm.schemas.events.KillRequested;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.LaunchFailure;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.RankExit;
import io.kpm.schemas.events.SpawnCompleted;
import io.kpm.schemas.events.SpawnFailed;
import io.kpm.scheduler.jobs.Events;
import io.kpm.scheduler.jobs.Job;
import io.kpm.scheduler.jobs.JobBook;

class JobProgressTest {

    final JobBook book = new JobBook();

    Job job(long pgid) {
        return book.job(pgid).orElseThrow();
    }

    /** Applies the event and then what progress decides, as ProcEventHandler does; returns the decision. */
    List<KpmEvent> procEvent(long pgid, KpmEvent event) {
        book.apply(event);
        List<KpmEvent> decided = JobProgress.afterProcEvent(job(pgid), Events::meta);
        decided.forEach(book::apply);
        return decided;
    }

    void newJob(long pgid, int size) {
        book.apply(accepted(pgid, "req-" + pgid, size));
        book.apply(placed(pgid, size));
    }

    static List<String> types(List<KpmEvent> events) {
        return events.stream().map(KpmEvent::typeName).toList();
    }

    @Test
    void whenEveryRankStartedTheJobRunsAndTheSpawnCompletes() {
        newJob(1, 3);
        assertEquals(List.of(), procEvent(1, started(1, 0)));
        assertEquals(List.of(), procEvent(1, started(1, 2)));
        List<KpmEvent> decided = procEvent(1, started(1, 1));
        assertEquals(List.of("JobRunning", "SpawnCompleted"), types(decided));
        assertEquals(1, assertInstanceOf(JobRunning.class, decided.get(0)).pgid());
        SpawnCompleted done = assertInstanceOf(SpawnCompleted.class, decided.get(1));
        assertEquals("req-1", done.requestId());
        assertEquals("kvs_kpm_1", done.kvsname());
        assertEquals(List.of(0, 0, 0), done.errcodes());
    }

    @Test
    void aReReadStartIsNoNewsOnceTheJobRuns() {
        newJob(1, 1);
        assertEquals(2, procEvent(1, started(1, 0)).size());
        assertEquals(List.of(), procEvent(1, started(1, 0)));
    }

    @Test
    void whenEveryRankExitedTheJobFinishesWithTheLargestExitCode() {
        newJob(2, 2);
        procEvent(2, started(2, 0));
        procEvent(2, started(2, 1));
        assertEquals(List.of(), procEvent(2, exited(2, 1, 3)));
        List<KpmEvent> decided = procEvent(2, exited(2, 0, 0));
        JobFinished finished = assertInstanceOf(JobFinished.class, decided.get(0));
        assertEquals(3, finished.exitCode());
        assertEquals(List.of(new RankExit(0, "a", 0), new RankExit(1, "b", 3)), finished.ranks());
        assertEquals(List.of(), procEvent(2, exited(2, 0, 0)));
    }

    @Test
    void aJobRecoveredWithoutItsJobRunningGetsEverythingItMissed() {
        // the log holds starts and exits but the scheduler stopped before writing JobRunning and JobFinished
        newJob(3, 1);
        book.apply(started(3, 0));
        List<KpmEvent> decided = procEvent(3, exited(3, 0, 5));
        assertEquals(List.of("JobRunning", "SpawnCompleted", "JobFinished"), types(decided));
        assertEquals(5, ((JobFinished) decided.get(2)).exitCode());
    }

    @Test
    void aLaunchFailureFailsTheJobAnswersTheSpawnAndKillsTheRest() {
        newJob(4, 3);
        procEvent(4, started(4, 0));
        List<KpmEvent> decided = procEvent(4, launchFailed(4, 1, LaunchFailure.NOT_FOUND, "no such file: /x"));
        assertEquals(List.of("JobFailed", "SpawnFailed", "KillRequested", "KillRequested"), types(decided));
        JobFailed failed = (JobFailed) decided.get(0);
        assertEquals("rank 1 on b: no such file: /x", failed.reason());
        assertEquals(Integer.valueOf(1), failed.failedRank());
        assertEquals(127, failed.exitCode());
        SpawnFailed spawn = (SpawnFailed) decided.get(1);
        assertEquals(Long.valueOf(4), spawn.pgid());
        assertEquals(500, spawn.status());
        assertEquals(List.of(0, 1, -1), spawn.errcodes());
        assertEquals("req-4", spawn.requestId());
        assertEquals(List.of("a", "b"), decided.subList(2, 4).stream().map(e -> ((KillRequested) e).nodeId()).toList());
    }

    @Test
    void aFailedJobNeverFinishes() {
        newJob(5, 2);
        procEvent(5, started(5, 0));
        procEvent(5, launchFailed(5, 1, LaunchFailure.NOT_EXECUTABLE, "permission denied"));
        assertEquals(List.of(), procEvent(5, exited(5, 0, 143)));
        assertEquals(List.of(), procEvent(5, launchFailed(5, 1, LaunchFailure.NOT_EXECUTABLE, "again")));
    }

    @Test
    void theLaunchDeadlineFailsAJobThatDidNotStart() {
        newJob(6, 3);
        procEvent(6, started(6, 0));
        Job job = job(6);
        assertEquals(List.of(), JobProgress.afterLaunchDeadline(job, Events.T0.plusSeconds(59), Duration.ofSeconds(60),
                Events::meta));
        List<KpmEvent> decided = JobProgress.afterLaunchDeadline(job, Events.T0.plusSeconds(61),
                Duration.ofSeconds(60), Events::meta);
        assertEquals(List.of("JobFailed", "SpawnFailed", "KillRequested", "KillRequested"), types(decided));
        JobFailed failed = (JobFailed) decided.get(0);
        assertEquals("launch deadline of 60s passed: not started: ranks 1, 2", failed.reason());
        assertNull(failed.failedRank());
        assertEquals(JobProgress.DEADLINE_EXIT_CODE, failed.exitCode());
        assertEquals(List.of(0, -1, -1), ((SpawnFailed) decided.get(1)).errcodes());
    }

    @Test
    void theLaunchDeadlineLeavesRunningAndEndedJobsAlone() {
        newJob(7, 1);
        procEvent(7, started(7, 0));
        assertEquals(List.of(), JobProgress.afterLaunchDeadline(job(7), Events.T0.plusSeconds(3600),
                Duration.ofSeconds(60), Events::meta));
    }

    @Test
    void anAbortEndsTheJobAndKillsItsRanks() {
        newJob(8, 2);
        procEvent(8, started(8, 0));
        procEvent(8, started(8, 1));
        List<KpmEvent> decided = JobProgress.abort(job(8), new AbortRequested(Events.meta(), "abort-1", 8, "killed by user",
                null), Events::meta);
        assertEquals(List.of("JobAborted", "KillRequested", "KillRequested"), types(decided));
        JobAborted aborted = (JobAborted) decided.get(0);
        assertEquals("killed by user", aborted.reason());
        assertEquals(143, aborted.exitCode());
        decided.forEach(book::apply);
        assertEquals(List.of(), JobProgress.abort(job(8), new AbortRequested(Events.meta(), "abort-2", 8, "again", 1),
                Events::meta));
    }

    @Test
    void anAbortBeforeEveryRankStartedAlsoAnswersTheSpawn() {
        newJob(9, 2);
        procEvent(9, started(9, 0));
        List<KpmEvent> decided = JobProgress.abort(job(9), new AbortRequested(Events.meta(), "abort", 9, null, 7),
                Events::meta);
        assertEquals(List.of("JobAborted", "SpawnFailed", "KillRequested", "KillRequested"), types(decided));
        assertEquals(7, ((JobAborted) decided.get(0)).exitCode());
        assertTrue(((JobAborted) decided.get(0)).reason().contains("aborted"));
        assertEquals(List.of(0, -1), ((SpawnFailed) decided.get(1)).errcodes());
    }

    @Test
    void aLostNodeFailsARunningJobWithARankThereNamingTheNodeAndKillsTheRest() {
        newJob(11, 3); // ranks 0 and 2 on node a, rank 1 on node b
        for (int r = 0; r < 3; r++) procEvent(11, started(11, r));
        List<KpmEvent> decided = JobProgress.afterNodeLost(job(11), "b", "no heartbeat for 10 s", Events::meta);
        assertEquals(List.of("JobFailed", "KillRequested", "KillRequested"), types(decided), "no SpawnFailed: it ran");
        JobFailed failed = (JobFailed) decided.get(0);
        assertEquals("node b was lost (no heartbeat for 10 s) with rank 1 of the job on it", failed.reason());
        assertEquals(1, failed.failedRank());
        assertEquals(JobProgress.NODE_LOST_EXIT_CODE, failed.exitCode());
        decided.forEach(book::apply);
        assertEquals(List.of(), JobProgress.afterNodeLost(job(11), "a", "again", Events::meta), "an ended job is left alone");
    }

    @Test
    void aLostNodeAnswersAWaitingSpawnAndSparesJobsWithNothingLeftThere() {
        newJob(12, 2);
        procEvent(12, started(12, 0)); // rank 1 on node b never started
        List<KpmEvent> decided = JobProgress.afterNodeLost(job(12), "b", "gone", Events::meta);
        assertEquals(List.of("JobFailed", "SpawnFailed", "KillRequested", "KillRequested"), types(decided));
        assertEquals(500, ((SpawnFailed) decided.get(1)).status());

        newJob(13, 2);
        procEvent(13, started(13, 0));
        procEvent(13, started(13, 1));
        procEvent(13, exited(13, 1, 0)); // node b's rank is done
        assertEquals(List.of(), JobProgress.afterNodeLost(job(13), "b", "gone", Events::meta));
    }

    @Test
    void anAgentThatRegistersWithAnotherRunFailsTheJobsItsEarlierRunStartedThere() {
        newJob(14, 2);
        procEvent(14, new ProcStarted(Events.meta(), 14, 0, "a", 100, "run-1"));
        procEvent(14, new ProcStarted(Events.meta(), 14, 1, "b", 101, "run-9"));
        assertEquals(List.of(), JobProgress.afterAgentRestart(job(14), "a", "run-1", Events::meta), "the same run again");
        List<KpmEvent> decided = JobProgress.afterAgentRestart(job(14), "a", "run-2", Events::meta);
        assertEquals(List.of("JobFailed", "KillRequested", "KillRequested"), types(decided));
        assertTrue(((JobFailed) decided.get(0)).reason().startsWith("node a was lost (its node agent restarted"),
                ((JobFailed) decided.get(0)).reason());

        newJob(15, 2); // not started yet: the new run will launch it
        assertEquals(List.of(), JobProgress.afterAgentRestart(job(15), "a", "run-2", Events::meta));
    }

    @Test
    void aJobPastItsOwnTimeLimitIsAbortedWith255AsMpiexecDoes() {
        JobAccepted accepted = accepted(16, "req-16", 1);
        book.apply(new JobAccepted(accepted.meta(), 16, "req-16", "kvs_kpm_16", null, 1, accepted.apps(), java.util.Map.of(),
                java.util.Map.of("timeout", "30"), "127.0.0.1:7703"));
        book.apply(placed(16, 1));
        procEvent(16, started(16, 0));
        java.time.Instant at = job(16).acceptedAt();
        assertEquals(List.of(), JobProgress.afterTimeout(job(16), at.plusSeconds(29), Events::meta));
        List<KpmEvent> decided = JobProgress.afterTimeout(job(16), at.plusSeconds(31), Events::meta);
        assertEquals(List.of("JobAborted", "KillRequested"), types(decided));
        JobAborted aborted = (JobAborted) decided.get(0);
        assertEquals(255, aborted.exitCode());
        assertEquals("timed out: the job's time limit of 30 s passed", aborted.reason());

        newJob(17, 1); // no limit
        assertEquals(List.of(), JobProgress.afterTimeout(job(17), at.plusSeconds(100_000), Events::meta));
    }
}
