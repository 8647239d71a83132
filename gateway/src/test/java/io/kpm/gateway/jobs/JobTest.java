package io.kpm.gateway.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kpm.gateway.TestEvents;
import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.OutputChunk;
import io.kpm.schemas.events.OutputStream;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.Producer;
import io.kpm.schemas.events.RankExit;
import io.kpm.schemas.events.RankPlacement;
import io.kpm.schemas.events.SpawnCompleted;

class JobTest {

    private static final long HOUR = 3_600_000_000_000L;

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Envelope at T0 + ms, so that time order is unambiguous. */
    private static EventMeta at(int ms) {
        return new EventMeta("e" + ms, T0.plusMillis(ms),
                new Producer("test", "t"), 1);
    }

    private static List<KpmEvent> lifeOfAJob() {
        AppSpec app = new AppSpec("x", List.of(), Map.of(), null, null, 2, List.of(), null, Map.of());
        return List.of(
                new JobAccepted(at(1), 7, "req", "kvs_kpm_7", null, 2, List.of(app), Map.of(), Map.of(), "h:1"),
                new JobPlaced(at(2), 7, "kvs_kpm_7", 2, List.of("n0"),
                        List.of(new RankPlacement(0, "n0", 0, 1, "0"), new RankPlacement(1, "n0", 0, 2, "1")),
                        "(vector,(0,1,2))"),
                new ProcStarted(at(3), 7, 0, "n0", 10, "run", "0"),
                new ProcStarted(at(4), 7, 1, "n0", 11, "run", "1"),
                new SpawnCompleted(at(5), "req", 7, "kvs_kpm_7", List.of(0, 0)),
                new ProcExited(at(6), 7, 0, "n0", 0, false),
                new ProcExited(at(7), 7, 1, "n0", 5, false),
                new JobFinished(at(8), 7, 5, List.of(new RankExit(0, "n0", 0), new RankExit(1, "n0", 5))));
    }

    @Test
    void theViewDoesNotDependOnTheOrderTheTopicsDeliverIn() {
        Job inOrder = new Job(7, 1000);
        lifeOfAJob().forEach(inOrder::apply);
        List<KpmEvent> reversed = new ArrayList<>(lifeOfAJob());
        Collections.reverse(reversed);
        Job backwards = new Job(7, 1000);
        reversed.forEach(backwards::apply);

        JobView a = inOrder.view();
        JobView b = backwards.view();
        assertEquals(JobState.FINISHED, a.state());
        assertEquals(a.state(), b.state());
        assertEquals(a.ranks(), b.ranks());
        assertEquals(5, b.exitCode());
        assertEquals(new RankView(1, "n0", 0, 11L, RankState.EXITED, 5, null, "1"), b.ranks().get(1));
    }

    /** What a spawn is answered on: every accepted rank started (in any order), and nothing ended the job. */
    @Test
    void allRanksStartedOnlyOnceEveryAcceptedRankStartedAndTheJobGoesOn() {
        List<KpmEvent> life = lifeOfAJob();
        Job job = new Job(7, 1000);
        job.apply(life.get(3));
        assertFalse(job.allRanksStarted(), "rank 1 started, but the job is not accepted yet");
        job.apply(life.get(0));
        assertFalse(job.allRanksStarted(), "rank 0 has not started");
        job.apply(life.get(2));
        assertFalse(job.allRanksStarted(), "not placed yet: the ranks' PMI group is not known");
        job.apply(life.get(1));
        assertTrue(job.allRanksStarted());
        assertEquals("kvs_kpm_7", job.kvsname());
        assertEquals(2, job.size());
        job.apply(life.get(7));
        assertFalse(job.allRanksStarted(), "an ended job is not answered as started");
    }

    @Test
    void theReplayWaitsForTheCatchUpAndIsInTimeOrder() {
        Job job = new Job(7, 1000);
        List<KpmEvent> reversed = new ArrayList<>(lifeOfAJob());
        Collections.reverse(reversed);
        reversed.forEach(job::apply);
        assertTrue(job.eventsFrom(0, false, HOUR).items().isEmpty(), "nothing before the catch-up");
        assertEquals(lifeOfAJob().stream().map(e -> e.meta().eventId()).toList(),
                job.eventsFrom(0, true, HOUR).items().stream().map(e -> e.meta().eventId()).toList());
    }

    @Test
    void aRepeatedEventIsAppliedOnce() {
        Job job = new Job(7, 1000);
        KpmEvent accepted = lifeOfAJob().get(0);
        job.apply(accepted);
        job.apply(accepted);
        assertEquals(1, job.eventsFrom(0, true, HOUR).items().size());
    }

    @Test
    void outputBeyondTheCapIsDroppedAfterAMarkerButEofsStillCount() {
        Job job = new Job(7, 10);
        lifeOfAJob().subList(0, 4).forEach(job::apply);
        job.apply(chunk(0, OutputStream.STDOUT, "12345678", false));
        job.apply(chunk(1, OutputStream.STDOUT, "abcdef", true));
        job.apply(chunk(0, OutputStream.STDOUT, "more", true));
        job.apply(chunk(0, OutputStream.STDERR, "", true));
        job.apply(chunk(1, OutputStream.STDERR, "", true));
        lifeOfAJob().subList(4, 8).forEach(job::apply);

        Slice<OutputItem> all = job.outputFrom(0, true, HOUR);
        assertEquals(4, all.items().size(), String.valueOf(all.items()));
        assertEquals("ab", new String(((OutputItem.Data) all.items().get(1)).data()));
        assertInstanceOf(OutputItem.Truncated.class, all.items().get(2));
        assertTrue(all.complete(), "every started rank reached EOF and the job ended");
        assertInstanceOf(OutputItem.End.class, all.items().get(3));
        assertEquals(10, job.outputBytes());
    }

    @Test
    void aRankStreamItsAgentTruncatedGetsItsMarkEvenPastTheGatewaysCap() {
        Job job = new Job(7, 4);
        lifeOfAJob().subList(0, 4).forEach(job::apply);
        job.apply(chunk(0, OutputStream.STDOUT, "123456", false));
        job.apply(new OutputChunk(TestEvents.meta(), 7, 0, "n0", OutputStream.STDOUT, 1, new byte[0], true, true, 6, 900));
        List<OutputItem> items = job.outputFrom(0, true, HOUR).items();
        assertEquals(3, items.size(), String.valueOf(items));
        assertInstanceOf(OutputItem.Truncated.class, items.get(1));
        assertEquals(new OutputItem.RankTruncated(0, OutputStream.STDOUT, "n0", 6, 900), items.get(2));
    }

    @Test
    void outputWaitsForEveryStartedRanksEofAndForTheCatchUp() {
        Job job = new Job(7, 1000);
        lifeOfAJob().forEach(job::apply);
        job.apply(chunk(0, OutputStream.STDOUT, "x", true));
        job.apply(chunk(0, OutputStream.STDERR, "", true));
        Slice<OutputItem> waiting = job.outputFrom(0, true, HOUR);
        assertFalse(waiting.complete(), "rank 1 has not reached EOF");
        assertTrue(waiting.wakeInNanos() > 0, "but only until the grace has passed");
        assertTrue(job.outputFrom(0, true, 0).complete(), "the grace is over");

        job.apply(chunk(1, OutputStream.STDOUT, "", true));
        job.apply(chunk(1, OutputStream.STDERR, "", true));
        assertFalse(job.outputFrom(0, false, HOUR).complete(), "not before the consumers caught up");
        Slice<OutputItem> done = job.outputFrom(1, true, HOUR);
        assertTrue(done.complete());
        assertEquals(1, done.items().size(), "only the end after the first item");
    }

    @Test
    void eventsOfAFinishedJobWaitForItsProcExits() {
        Job job = new Job(7, 1000);
        List<KpmEvent> life = lifeOfAJob();
        life.stream().filter(e -> !(e instanceof ProcExited)).forEach(job::apply);
        assertFalse(job.eventsFrom(0, true, HOUR).complete(), "ProcExited may still come on kpm.proc.events");
        life.stream().filter(e -> e instanceof ProcExited).forEach(job::apply);
        Slice<KpmEvent> all = job.eventsFrom(0, true, HOUR);
        assertTrue(all.complete());
        assertEquals(8, all.items().size());
    }

    private static OutputChunk chunk(int rank, OutputStream stream, String text, boolean eof) {
        return new OutputChunk(TestEvents.meta(), 7, rank, "n0", stream, 0, text.getBytes(), eof);
    }
}
