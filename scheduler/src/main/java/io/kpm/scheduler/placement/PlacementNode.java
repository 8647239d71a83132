package io.kpm.scheduler.placement;

import io.kpm.schemas.events.CpuTopology;

/**
 * A node as placement sees it: its ids, how many ranks fill one block on it, whether it takes new ranks, and its
 * cpus for binding ({@code topology}, null when its agent reported none).
 */
public record PlacementNode(String nodeId, String hostname, int cores, boolean draining, CpuTopology topology) {

    public PlacementNode(String nodeId, String hostname, int cores, boolean draining) {
        this(nodeId, hostname, cores, draining, null);
    }

    /** "node-1 (host-a)", for messages that list nodes. */
    public String describe() {
        return hostname == null || hostname.equals(nodeId) ? nodeId : nodeId + " (" + hostname + ")";
    }
}
