package io.kpm.scheduler.spawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.PlacementInput;
import io.kpm.schemas.events.LaunchRequested;
import io.kpm.schemas.events.RankLaunch;
import io.kpm.schemas.events.RankPlacement;
import io.kpm.schemas.events.SpawnRequested;
import io.kpm.scheduler.jobs.Events;
import io.kpm.scheduler.placement.HydraPlacement;
import io.kpm.scheduler.placement.PlacementInputs;
import io.kpm.scheduler.placement.PlacementNode;
import io.kpm.scheduler.placement.PlacementResult.Placed;

class NewJobTest {

    @Test
    void anAcceptedRequestBecomesAcceptedPlacedAndOneLaunchPerNode() {
        AppSpec first = new AppSpec("worker", List.of("-v"), Map.of("A", "1"), "/tmp", null, 3, List.of(), null,
                Map.of("path", "/opt/bin"));
        AppSpec second = new AppSpec("helper", List.of(), Map.of(), null, "/usr/bin", 1, List.of(), null,
                Map.of("wdir", "/var"));
        SpawnRequested request = new SpawnRequested(Events.meta(), "req", 4L, 2, List.of(first, second),
                Map.of("k", "v"), Map.of(), "10.0.0.1:7703");
        List<PlacementNode> nodes = List.of(new PlacementNode("n0", "h0", 2, false), new PlacementNode("n1", "h1", 2, false));
        Placed placed = (Placed) HydraPlacement.place(request.apps(), nodes);
        PlacementInput input = PlacementInputs.of(nodes, "n1");

        List<KpmEvent> events = NewJob.events(12, request, placed, input, List.of(11, 12, 13, 14), Events::meta);

        assertEquals(List.of("JobAccepted", "JobPlaced", "LaunchRequested", "LaunchRequested"),
                events.stream().map(KpmEvent::typeName).toList());
        JobAccepted accepted = assertInstanceOf(JobAccepted.class, events.get(0));
        assertEquals("kvs_kpm_12", accepted.kvsname());
        assertEquals(4, accepted.size());
        assertEquals(Long.valueOf(4), accepted.spawnerPgid());
        assertEquals(Map.of("k", "v"), accepted.preput());

        JobPlaced jobPlaced = assertInstanceOf(JobPlaced.class, events.get(1));
        assertEquals(List.of(new RankPlacement(0, "n0", 0, 11), new RankPlacement(1, "n0", 0, 12),
                new RankPlacement(2, "n1", 0, 13), new RankPlacement(3, "n1", 1, 14)), jobPlaced.ranks());
        assertEquals("(vector,(0,2,2))", jobPlaced.processMapping());
        assertEquals(input, jobPlaced.input(), "the decision records what it was made from");
        assertEquals(nodes, PlacementInputs.nodes(jobPlaced.input()));

        LaunchRequested onN1 = assertInstanceOf(LaunchRequested.class, events.get(3));
        assertEquals("n1", onN1.nodeId());
        assertTrue(onN1.spawned());
        assertEquals("10.0.0.1:7703", onN1.pmiEndpoint());
        assertEquals(4, onN1.size());
        RankLaunch rank2 = onN1.ranks().get(0);
        assertEquals(new RankLaunch(2, 0, 13, "worker", List.of("-v"), Map.of("A", "1"), "/tmp", "/opt/bin"), rank2);
        RankLaunch rank3 = onN1.ranks().get(1);
        assertEquals("/var", rank3.wdir());
        assertEquals("/usr/bin", rank3.path());
    }

    @Test
    void onlyTheNodeOfTheLaunchersStdinRankGetsAPipeAndSpawnedGroupsNever() {
        AppSpec app = new AppSpec("cat", List.of(), Map.of(), null, null, 3, List.of(), null, Map.of());
        List<PlacementNode> nodes = List.of(new PlacementNode("n0", "h0", 2, false), new PlacementNode("n1", "h1", 2, false));
        SpawnRequested launcher = new SpawnRequested(Events.meta(), "req", null, null, List.of(app), null,
                Map.of("stdin", "2"), "ep");
        Placed placed = (Placed) HydraPlacement.place(launcher.apps(), nodes);
        List<KpmEvent> events = NewJob.events(0, launcher, placed, null, List.of(5, 6, 7), Events::meta);
        assertNull(((LaunchRequested) events.get(2)).stdinRank());
        assertEquals(2, ((LaunchRequested) events.get(3)).stdinRank());

        SpawnRequested spawned = new SpawnRequested(Events.meta(), "req2", 0L, 0, List.of(app), null,
                Map.of("stdin", "0"), "ep");
        events = NewJob.events(1, spawned, placed, null, List.of(5, 6, 7), Events::meta);
        assertNull(((LaunchRequested) events.get(2)).stdinRank());

        assertNull(NewJob.stdinRank(Map.of("stdin", "3"), 3), "no such rank");
        assertNull(NewJob.stdinRank(Map.of("stdin", "all"), 3));
        assertNull(NewJob.stdinRank(Map.of(), 3));
    }

    @Test
    void aLauncherJobIsNotSpawned() {
        AppSpec app = new AppSpec("x", List.of(), Map.of(), null, null, 1, List.of(), null, Map.of());
        SpawnRequested request = new SpawnRequested(Events.meta(), "req", null, null, List.of(app), null, null, "ep");
        Placed placed = (Placed) HydraPlacement.place(request.apps(), List.of(new PlacementNode("n0", "h0", 1, false)));
        LaunchRequested launch = (LaunchRequested) NewJob.events(0, request, placed, null, List.of(5), Events::meta).get(2);
        assertFalse(launch.spawned());
        assertNull(launch.ranks().get(0).wdir());
        assertNull(launch.ranks().get(0).path());
    }

    @Test
    void pmiIdsArePositiveUniqueAndAvoidLiveOnes() {
        Random random = new Random(42);
        Set<Integer> taken = Set.of(1, 2, 3);
        List<Integer> ids = PmiIds.choose(10_000, taken, random);
        assertEquals(10_000, new HashSet<>(ids).size());
        assertTrue(ids.stream().allMatch(id -> id > 0 && !taken.contains(id)));
    }
}
