package io.kpm.scheduler.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kpm.schemas.events.AppSpec;
import io.kpm.scheduler.placement.PlacementResult.Placed;
import io.kpm.scheduler.placement.PlacementResult.Refused;

/** maxprocs as a maximum when minprocs is given: as many ranks as the app's nodes have slots, within the bounds. */
class FlexibleCountTest {

    static AppSpec app(int max, Integer min, Integer ppn) {
        return new AppSpec("/bin/true", List.of(), Map.of(), null, null, max, List.of(), ppn,
                min == null ? Map.of() : Map.of(FlexibleCount.MIN_KEY, min.toString()));
    }

    static final List<PlacementNode> TWO_BY_TWO = List.of(new PlacementNode("n0", "h", 2, false),
            new PlacementNode("n1", "h", 2, false));

    @Test
    void takesTheSlotsThereAreBetweenMinAndMax() {
        Placed p = assertInstanceOf(Placed.class, HydraPlacement.place(List.of(app(16, 2, null)), TWO_BY_TWO));
        assertEquals(4, p.size(), "four cores, so four of at most sixteen");
        assertEquals(3, ((Placed) HydraPlacement.place(List.of(app(3, 1, null)), TWO_BY_TWO)).size(), "never above max");
        assertEquals(2, ((Placed) HydraPlacement.place(List.of(app(16, 1, 1)), TWO_BY_TWO)).size(), "ppn 1: two slots");
    }

    @Test
    void withoutMinprocsTheCountIsExactAsBefore() {
        assertEquals(16, ((Placed) HydraPlacement.place(List.of(app(16, null, null)), TWO_BY_TWO)).size());
    }

    @Test
    void refusesWhenFewerSlotsThanMinprocs() {
        Refused r = assertInstanceOf(Refused.class, HydraPlacement.place(List.of(app(16, 5, null)), TWO_BY_TWO));
        assertEquals(503, r.status());
        assertTrue(r.reason().contains("at least 5") && r.reason().contains("4 slot"), r.reason());
    }
}
