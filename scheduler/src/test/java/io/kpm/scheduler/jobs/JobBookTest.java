package io.kpm.scheduler.jobs;

import static io.kpm.scheduler.jobs.Events.accepted;
import static io.kpm.scheduler.jobs.Events.exited;
import static io.kpm.scheduler.jobs.Events.launchFailed;
import static io.kpm.scheduler.jobs.Events.meta;
import static io.kpm.scheduler.jobs.Events.placed;
import static io.kpm.scheduler.jobs.Events.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.kpm.schemas.events.JobAborted;
import io.kpm.schemas.events.SpawnFailed;
import io.kpm.schemas.events.JobFailed;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobRunning;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.LaunchFailure;
import io.kpm.schemas.events.NodeHeartbeat;
import io.kpm.schemas.events.RankExit;

class JobBookTest {

    static JobBook fold(KpmEvent... events) {
        JobBook book = new JobBook();
        for (KpmEvent e : events) book.apply(e);
        return book;
    }

    static Job job(JobBook book, long pgid) {
        return book.job(pgid).orElseThrow();
    }

    @Test
    void anEmptyLogStartsAtPgidZero() {
        JobBook book = new JobBook();
        assertEquals(0, book.nextPgid());
        assertTrue(book.jobs().isEmpty());
    }

    @Test
    void thePgidCounterIsOneMoreThanTheLargestPgidEver() {
        JobBook book = fold(accepted(0, "r0", 1), accepted(7, "r7", 1), accepted(3, "r3", 1));
        assertEquals(8, book.nextPgid());
        assertEquals(Optional.of(7L), book.pgidOfRequest("r7"));
        assertEquals(Optional.empty(), book.pgidOfRequest("other"));
    }

    @Test
    void theLiveGroupsSpawnedFromAJobAreFoundThroughEndedOnesSpawnersFirst() {
        // 0 spawned 1 and 2; 1 spawned 3; 2 ended but its own child 4 still runs; 5 is not of the family
        JobBook book = fold(accepted(0, "r0", 1), Events.spawnedBy(0, 1), Events.spawnedBy(0, 2),
                Events.spawnedBy(1, 3), Events.spawnedBy(2, 4), accepted(5, "r5", 1),
                new JobAborted(meta(), 2, "x", 143));
        assertEquals(List.of(1L, 3L, 4L), book.liveSpawnedFrom(0).stream().map(Job::pgid).sorted().toList());
        assertEquals(List.of(3L), book.liveSpawnedFrom(1).stream().map(Job::pgid).toList());
        assertEquals(List.of(), book.liveSpawnedFrom(5));
    }

    @Test
    void aRequestIsAnsweredOnceItBecameAJobOrWasRefusedButNotWhenItsJobFailedLater() {
        JobBook book = fold(accepted(0, "made", 1),
                new SpawnFailed(meta(), "refused", null, "no node", 503, List.of(), null),
                new SpawnFailed(meta(), "made", 0L, "rank 0 failed", 500, List.of(-1), null));
        assertTrue(book.answered("made"));
        assertTrue(book.answered("refused"), "a refused request is never decided again, e.g. by a new leader");
        assertFalse(book.answered("unknown"));
        assertEquals(1, book.nextPgid(), "a refusal takes no pgid");
    }

    @Test
    void endedJobsStillCountForThePgidCounter() {
        JobBook book = fold(accepted(4, "r", 1), new JobAborted(meta(), 4, "x", 143));
        assertEquals(5, book.nextPgid());
        assertTrue(book.liveJobs().isEmpty());
    }

    @Test
    void aJobMovesThroughItsLife() {
        JobBook book = fold(accepted(1, "r", 2));
        assertEquals(JobState.ACCEPTED, job(book, 1).state());
        assertEquals("kvs_kpm_1", job(book, 1).kvsname());

        book.apply(placed(1, 2));
        Job job = job(book, 1);
        assertEquals(JobState.PLACED, job.state());
        assertEquals(List.of("a", "b"), job.nodes());
        assertEquals(List.of(RankState.PENDING, RankState.PENDING), job.ranks().stream().map(Rank::state).toList());

        book.apply(started(1, 0));
        assertFalse(job.allStarted());
        assertEquals(List.of(0, -1), job.errcodes());
        book.apply(started(1, 1));
        assertTrue(job.allStarted());
        assertEquals(Long.valueOf(101), job.ranks().get(1).pid());

        book.apply(new JobRunning(meta(), 1));
        assertEquals(JobState.RUNNING, job.state());
        assertTrue(job.reachedRunning());

        book.apply(exited(1, 0, 0));
        assertFalse(job.allDone());
        book.apply(exited(1, 1, 3));
        assertTrue(job.allDone());
        assertEquals(Integer.valueOf(3), job.ranks().get(1).exitCode());

        book.apply(new JobFinished(meta(), 1, 3, List.of(new RankExit(0, "a", 0), new RankExit(1, "b", 3))));
        assertEquals(JobState.FINISHED, job.state());
        assertEquals(Integer.valueOf(3), job.exitCode());
        assertTrue(book.liveJobs().isEmpty());
    }

    @Test
    void aLaunchFailureIsRecordedOnItsRank() {
        JobBook book = fold(accepted(2, "r", 3), placed(2, 3), started(2, 0),
                launchFailed(2, 1, LaunchFailure.NOT_FOUND, "no such file: /x"));
        Job job = job(book, 2);
        Rank failed = job.firstLaunchFailure().orElseThrow();
        assertEquals(1, failed.rank());
        assertEquals(LaunchFailure.NOT_FOUND, failed.failure());
        assertEquals("no such file: /x", failed.message());
        assertEquals(List.of(0, 1, -1), job.errcodes());

        book.apply(new JobFailed(meta(), 2, "rank 1 on b: no such file: /x", 1, 127));
        assertEquals(JobState.FAILED, job.state());
        assertEquals("rank 1 on b: no such file: /x", job.reason());
    }

    @Test
    void anEndedJobStaysEnded() {
        JobBook book = fold(accepted(3, "r", 1), placed(3, 1), new JobAborted(meta(), 3, "stop", 143),
                new JobRunning(meta(), 3), new JobFinished(meta(), 3, 0, List.of()));
        assertEquals(JobState.ABORTED, job(book, 3).state());
        assertEquals(Integer.valueOf(143), job(book, 3).exitCode());
    }

    @Test
    void ranksNeverMoveBackwards() {
        JobBook book = fold(accepted(4, "r", 1), placed(4, 1), started(4, 0), exited(4, 0, 9),
                started(4, 0), launchFailed(4, 0, LaunchFailure.ERROR, "late"), exited(4, 0, 1));
        Rank rank = job(book, 4).ranks().get(0);
        assertEquals(RankState.EXITED, rank.state());
        assertEquals(Integer.valueOf(9), rank.exitCode());
    }

    @Test
    void replayingTheWholeLogTwiceGivesTheSameBook() {
        KpmEvent[] log = { accepted(5, "r5", 2), placed(5, 2), started(5, 0), started(5, 1),
                new JobRunning(meta(), 5), exited(5, 0, 0), accepted(6, "r6", 1), placed(6, 1) };
        JobBook once = fold(log);
        JobBook twice = fold(log);
        for (KpmEvent e : log) twice.apply(e);
        assertEquals(once.nextPgid(), twice.nextPgid());
        for (long pgid : List.of(5L, 6L)) {
            Job a = job(once, pgid);
            Job b = job(twice, pgid);
            assertEquals(a.state(), b.state());
            assertEquals(a.ranks().stream().map(Rank::state).toList(), b.ranks().stream().map(Rank::state).toList());
            assertEquals(a.ranks().stream().map(Rank::exitCode).toList(),
                    b.ranks().stream().map(Rank::exitCode).toList());
        }
    }

    @Test
    void aSecondJobAcceptedWithTheSamePgidIsIgnored() {
        JobBook book = fold(accepted(1, "first", 1), accepted(1, "second", 1));
        assertEquals("first", job(book, 1).requestId());
    }

    @Test
    void eventsForUnknownJobsOrRanksAndOtherEventsAreIgnored() {
        JobBook book = fold(started(9, 0), accepted(1, "r", 1), placed(1, 1), started(1, 5),
                new NodeHeartbeat(meta(), "a", "h", 2, 0));
        assertEquals(RankState.PENDING, job(book, 1).ranks().get(0).state());
        assertTrue(book.job(9).isEmpty());
    }

    @Test
    void livePmiIdsAreThoseOfJobsThatHaveNotEnded() {
        JobBook book = fold(accepted(1, "r1", 2), placed(1, 2), accepted(2, "r2", 1), placed(2, 1),
                new JobAborted(meta(), 2, "x", 143));
        assertEquals(Set.of(1001, 1002), book.livePmiIds());
    }
}
