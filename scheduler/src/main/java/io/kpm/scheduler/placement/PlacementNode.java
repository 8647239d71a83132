package io.kpm.scheduler.placement;

/** A node as placement sees it: its ids, how many ranks fill one block on it, and whether it takes new ranks. */
public record PlacementNode(String nodeId, String hostname, int cores, boolean draining) {

    /** "node-1 (host-a)", for messages that list nodes. */
    public String describe() {
        return hostname == null || hostname.equals(nodeId) ? nodeId : nodeId + " (" + hostname + ")";
    }
}
