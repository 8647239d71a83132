package io.kpm.scheduler.placement;

import java.util.List;

/** The answer of {@link HydraPlacement#place}: either every rank's node, or a refusal that says why. */
public sealed interface PlacementResult {

    /**
     * @param ranks          every rank, in rank order
     * @param nodes          the job's node list: every node that got a rank, in order of first use
     * @param processMapping {@code PMI_process_mapping} over {@code nodes}
     */
    record Placed(List<PlacedRank> ranks, List<String> nodes, String processMapping) implements PlacementResult {
        public Placed {
            ranks = List.copyOf(ranks);
            nodes = List.copyOf(nodes);
        }

        public int size() {
            return ranks.size();
        }
    }

    /** @param status HTTP-like: 400 bad request, 404 unknown host, 503 no node to place on */
    record Refused(int status, String reason) implements PlacementResult {
    }
}
