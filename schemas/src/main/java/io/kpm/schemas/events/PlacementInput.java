package io.kpm.schemas.events;

import java.util.List;

/**
 * What the scheduler placed on, recorded with its decision: the nodes it could use at that moment (live, seen
 * within the node timeout, draining ones included) and the node the spawning rank ran on ({@code localhost} in
 * its hosts), null for a launcher's request. kpm.nodes is compacted and liveness depends on the clock, so the
 * registry as it was when the request was handled cannot be re-derived later; recorded here, {@code kpm replay
 * --check} can re-run placement on exactly these inputs.
 */
public record PlacementInput(List<Node> nodes, String spawnerNode) {

    public PlacementInput {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    /** A node as placement saw it; {@code topology} null when its agent reported none (or the log predates it). */
    public record Node(String nodeId, String hostname, int cores, boolean draining, CpuTopology topology) {

        public Node(String nodeId, String hostname, int cores, boolean draining) {
            this(nodeId, hostname, cores, draining, null);
        }
    }
}
