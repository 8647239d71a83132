package io.kpm.scheduler.placement;

import java.util.List;

import io.kpm.schemas.cpu.BindingPolicy;
import io.kpm.schemas.events.SpawnRequested;
import io.kpm.scheduler.placement.DebugTarget.TargetRank;
import io.kpm.scheduler.placement.PlacementResult.Refused;

/**
 * The one entry to placement, for the scheduler and for {@code kpm replay --check} alike, so both choose the same
 * rule for a request: debugger daemons ({@link DebuggerPlacement}) when its job info names a debug target, else
 * Hydra's rule ({@link HydraPlacement}). Pure.
 */
public final class SpawnPlacement {

    private SpawnPlacement() {
    }

    /**
     * @param target      the debug target's ranks in rank order as its JobPlaced recorded them (unused without a target)
     * @param spawnerNode the spawning rank's node, null from a launcher
     */
    public static PlacementResult place(SpawnRequested request, List<TargetRank> target, List<PlacementNode> nodes,
            String spawnerNode) {
        DebugTarget.Parsed debug = DebugTarget.of(request.jobInfo());
        if (debug instanceof DebugTarget.Malformed m) return new Refused(400, m.reason());
        if (debug instanceof DebugTarget.Named named) {
            return DebuggerPlacement.place(named.target().mode(), request.apps(), target, named.target().pgid(), nodes);
        }
        BindingPolicy policy;
        try {
            policy = BindingPolicy.ofJobInfo(request.jobInfo());
        } catch (IllegalArgumentException e) {
            return new Refused(400, e.getMessage());
        }
        return HydraPlacement.place(request.apps(), nodes, spawnerNode, policy);
    }
}
