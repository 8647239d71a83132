package io.kpm.scheduler.placement;

/** Where placement put one rank: its node and the index of the app (spawn command) it belongs to. */
public record PlacedRank(int rank, String nodeId, int appnum) {
}
