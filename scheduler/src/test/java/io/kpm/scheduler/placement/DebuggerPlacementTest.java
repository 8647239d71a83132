package io.kpm.scheduler.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.Producer;
import io.kpm.schemas.events.SpawnRequested;
import io.kpm.scheduler.placement.DebugTarget.Mode;
import io.kpm.scheduler.placement.DebugTarget.TargetRank;
import io.kpm.scheduler.placement.PlacementResult.Placed;
import io.kpm.scheduler.placement.PlacementResult.Refused;

class DebuggerPlacementTest {

    static final AppSpec TOOL = new AppSpec("gdb", List.of(), Map.of(), null, null, 1, List.of(), null, Map.of());

    /** Four ranks over two nodes, in Hydra's blocks: 0,1 on n0 and 2,3 on n1. */
    static final List<TargetRank> TARGET = List.of(new TargetRank(0, "n0"), new TargetRank(1, "n0"),
            new TargetRank(2, "n1"), new TargetRank(3, "n1"));

    static final List<PlacementNode> LIVE = List.of(new PlacementNode("n0", "h", 2, false),
            new PlacementNode("n1", "h", 2, false), new PlacementNode("n2", "h", 64, false));

    @Test
    void perNodeIsOneDaemonOnEachNodeOfTheTargetInItsNodeOrderAndNowhereElse() {
        Placed p = assertInstanceOf(Placed.class, DebuggerPlacement.place(Mode.PER_NODE, List.of(TOOL), TARGET, 5, LIVE));
        assertEquals(2, p.size());
        assertEquals(List.of("n0", "n1"), p.ranks().stream().map(PlacedRank::nodeId).toList());
        assertEquals(List.of("n0", "n1"), p.nodes(), "the big idle n2 gets nothing: daemons go where the target is");
        assertEquals("(vector,(0,2,1))", p.processMapping());
        assertEquals(List.of(List.of(0, 1), List.of(2, 3)), DebugTarget.served(Mode.PER_NODE, TARGET));
    }

    @Test
    void perProcIsOneDaemonBesideEachTargetRank() {
        List<TargetRank> interleaved = List.of(new TargetRank(0, "n1"), new TargetRank(1, "n0"),
                new TargetRank(2, "n1"));
        Placed p = assertInstanceOf(Placed.class, DebuggerPlacement.place(Mode.PER_PROC, List.of(TOOL), interleaved, 5, LIVE));
        assertEquals(List.of("n1", "n0", "n1"), p.ranks().stream().map(PlacedRank::nodeId).toList());
        assertTrue(p.ranks().stream().allMatch(r -> r.appnum() == 0));
        assertEquals(List.of(List.of(0), List.of(1), List.of(2)), DebugTarget.served(Mode.PER_PROC, interleaved));
    }

    @Test
    void refusesWhenATargetNodeIsNotLiveOrTheTargetHasNoRanksOrTheToolIsNotOneApp() {
        Refused gone = assertInstanceOf(Refused.class, DebuggerPlacement.place(Mode.PER_NODE, List.of(TOOL), TARGET, 5,
                List.of(LIVE.get(0))));
        assertEquals(503, gone.status());
        assertTrue(gone.reason().contains("n1"), gone.reason());
        assertEquals(409, ((Refused) DebuggerPlacement.place(Mode.PER_NODE, List.of(TOOL), List.of(), 5, LIVE)).status());
        assertEquals(400, ((Refused) DebuggerPlacement.place(Mode.PER_NODE, List.of(TOOL, TOOL), TARGET, 5, LIVE)).status());
    }

    @Test
    void spawnPlacementChoosesTheRuleFromTheJobInfo() {
        EventMeta meta = EventMeta.now(new Producer("t", "t"));
        SpawnRequested daemons = new SpawnRequested(meta, "r", null, null, List.of(TOOL), Map.of(),
                Map.of(DebugTarget.TARGET_KEY, "5", DebugTarget.MODE_KEY, "per-proc"), "h:1");
        assertEquals(4, ((Placed) SpawnPlacement.place(daemons, TARGET, LIVE, null)).size());
        SpawnRequested plain = new SpawnRequested(meta, "r", null, null, List.of(TOOL), Map.of(), Map.of(), "h:1");
        assertEquals(List.of("n0"), ((Placed) SpawnPlacement.place(plain, TARGET, LIVE, null)).nodes(), "Hydra's rule");
        SpawnRequested bad = new SpawnRequested(meta, "r", null, null, List.of(TOOL), Map.of(),
                Map.of(DebugTarget.TARGET_KEY, "5", DebugTarget.MODE_KEY, "per-socket"), "h:1");
        assertEquals(400, ((Refused) SpawnPlacement.place(bad, TARGET, LIVE, null)).status());
    }
}
