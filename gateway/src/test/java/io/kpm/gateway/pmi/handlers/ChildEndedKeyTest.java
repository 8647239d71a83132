package io.kpm.gateway.pmi.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kpm.gateway.TestEvents;
import io.kpm.gateway.pmi.group.ProcessGroups;
import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.JobAborted;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobFinished;

/** A spawning group learns through its KVS that a group it spawned ended, and how. */
class ChildEndedKeyTest {

    static final AppSpec APP = new AppSpec("x", List.of(), Map.of(), null, null, 1, List.of(), null, Map.of());

    static JobAccepted accepted(long pgid, Long spawner) {
        return new JobAccepted(TestEvents.meta(), pgid, "r" + pgid, "kvs_kpm_" + pgid, spawner, 1, List.of(APP),
                Map.of(), Map.of(), "h:1");
    }

    @Test
    void theSpawnersKvsGetsTheChildsStateAndExitCode() {
        ProcessGroups groups = new ProcessGroups();
        groups.apply(accepted(1, null));
        groups.apply(accepted(2, 1L));
        groups.apply(accepted(3, 1L));
        var spawner = groups.find(1).orElseThrow();
        assertTrue(spawner.get(ProcessGroups.childEndedKey("kvs_kpm_2")).isEmpty(), "nothing while it runs");

        groups.apply(new JobFinished(TestEvents.meta(), 2, 4, List.of()));
        groups.apply(new JobAborted(TestEvents.meta(), 3, "killed", 143));
        assertEquals("FINISHED,4", spawner.get("kpm-ended-kvs_kpm_2").orElseThrow());
        assertEquals("ABORTED,143", spawner.get("kpm-ended-kvs_kpm_3").orElseThrow());
    }
}
