package io.kpm.scheduler.placement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.kpm.schemas.events.AppSpec;
import io.kpm.scheduler.placement.DebugTarget.Mode;
import io.kpm.scheduler.placement.DebugTarget.TargetRank;
import io.kpm.scheduler.placement.PlacementResult.Placed;
import io.kpm.scheduler.placement.PlacementResult.Refused;

/**
 * Where debugger daemons go, as a pure function of the target's placement and the live nodes (no Kafka, no
 * clock), like {@link HydraPlacement}: a tool attaches to processes on its own node, so the daemons go exactly
 * where the target's ranks are, never elsewhere, and never by core count. {@code per-node}: daemon i on the
 * target's i-th node (the target's node order); {@code per-proc}: daemon i beside target rank i. One app only (the
 * tool); its maxprocs is not used: the target decides the count. Every daemon's appnum is 0.
 */
public final class DebuggerPlacement {

    private DebuggerPlacement() {
    }

    /**
     * @param target    the target's ranks in rank order (empty: not placed yet)
     * @param liveNodes the nodes that could be placed on now; a target node missing from them refuses the spawn
     */
    public static PlacementResult place(Mode mode, List<AppSpec> apps, List<TargetRank> target, long targetPgid,
            List<PlacementNode> liveNodes) {
        if (apps == null || apps.size() != 1) {
            return new Refused(400, "debugger daemons are one app (the tool), got " + (apps == null ? 0 : apps.size()));
        }
        AppSpec tool = apps.get(0);
        if (tool == null || tool.cmd() == null || tool.cmd().isBlank()) return new Refused(400, "app 0: cmd is empty");
        if (target.isEmpty()) {
            return new Refused(409, "job " + targetPgid + " has no placed ranks to put debugger daemons beside");
        }
        Set<String> live = liveNodes.stream().map(PlacementNode::nodeId).collect(Collectors.toSet());
        List<String> gone = target.stream().map(TargetRank::nodeId).distinct().filter(n -> !live.contains(n)).toList();
        if (!gone.isEmpty()) {
            return new Refused(503, "job " + targetPgid + " runs on " + String.join(", ", gone)
                    + ", which is not live: no debugger daemon can be placed there");
        }
        List<String> daemonNodes = new ArrayList<>();
        if (mode == Mode.PER_PROC) {
            target.forEach(r -> daemonNodes.add(r.nodeId()));
        } else {
            target.stream().map(TargetRank::nodeId).distinct().forEach(daemonNodes::add);
        }
        List<PlacedRank> ranks = new ArrayList<>();
        Map<String, Integer> nodeIndex = new LinkedHashMap<>();
        List<Integer> nodeIndexOfRank = new ArrayList<>();
        for (String node : daemonNodes) {
            ranks.add(new PlacedRank(ranks.size(), node, 0));
            nodeIndexOfRank.add(nodeIndex.computeIfAbsent(node, n -> nodeIndex.size()));
        }
        return new Placed(ranks, List.copyOf(nodeIndex.keySet()), ProcessMapping.of(nodeIndexOfRank));
    }
}
