package io.kpm.gateway.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kpm.gateway.TestEvents;
import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.JobAborted;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.JobRunning;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.RankExit;
import io.kpm.schemas.events.RankPlacement;

class NotificationFoldTest {

    static final AppSpec APP = new AppSpec("x", List.of(), Map.of(), null, null, 2, List.of(), null, Map.of());

    static List<KpmEvent> life() {
        return List.of(
                new JobAccepted(TestEvents.meta(), 4, "r", "kvs_kpm_4", null, 2, List.of(APP), Map.of(), Map.of(), "h:1"),
                new JobPlaced(TestEvents.meta(), 4, "kvs_kpm_4", 2, List.of("n0", "n1"),
                        List.of(new RankPlacement(0, "n0", 0, 11), new RankPlacement(1, "n1", 0, 12)), "(vector,(0,2,1))"),
                new ProcStarted(TestEvents.meta(), 4, 0, "n0", 100),
                new JobRunning(TestEvents.meta(), 4),
                new ProcStarted(TestEvents.meta(), 4, 1, "n1", 101),
                new ProcExited(TestEvents.meta(), 4, 0, "n0", 0, false),
                new ProcExited(TestEvents.meta(), 4, 1, "n1", 3, false),
                new JobFinished(TestEvents.meta(), 4, 3, List.of(new RankExit(0, "n0", 0), new RankExit(1, "n1", 3))));
    }

    @Test
    void placedRunningWithEveryPidThenTerminatedWithExitCodesAtTheEndOfTheStream() {
        List<Notification> all = NotificationFold.of(4, life(), true);
        assertEquals(List.of("placed", "running", "terminated"), all.stream().map(Notification::type).toList());
        assertEquals(List.of("n0", "n1"), all.get(0).nodes());
        assertEquals(List.of(100L, 101L), all.get(1).ranks().stream().map(Notification.RankNote::pid).toList(),
                "running waits for the pid that came after JobRunning");
        Notification end = all.get(2);
        assertEquals("FINISHED", end.state());
        assertEquals(3, end.exitCode());
        assertEquals(List.of(0, 3), end.ranks().stream().map(Notification.RankNote::exitCode).toList());
        assertEquals(List.of("placed", "running"), NotificationFold.of(4, life(), false).stream()
                .map(Notification::type).toList(), "no terminated before the stream is complete");
    }

    @Test
    void anAbortedJobReportsItsReasonAndTheExitCodesKnown() {
        List<KpmEvent> events = List.of(life().get(0), life().get(1), life().get(2),
                new JobAborted(TestEvents.meta(), 4, "killed by user", 143));
        List<Notification> all = NotificationFold.of(4, events, true);
        assertEquals(List.of("placed", "terminated"), all.stream().map(Notification::type).toList());
        assertEquals("ABORTED", all.get(1).state());
        assertEquals(143, all.get(1).exitCode());
        assertEquals("killed by user", all.get(1).reason());
        assertNull(all.get(1).ranks().get(1).pid());
    }
}
