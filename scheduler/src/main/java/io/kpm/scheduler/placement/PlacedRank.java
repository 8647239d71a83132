package io.kpm.scheduler.placement;

/**
 * Where placement put one rank: its node, the index of the app (spawn command) it belongs to, and the cpus it is
 * bound to there ({@code cpus}, Linux list format; null: not bound).
 */
public record PlacedRank(int rank, String nodeId, int appnum, String cpus) {

    public PlacedRank(int rank, String nodeId, int appnum) {
        this(rank, nodeId, appnum, null);
    }

    public PlacedRank boundTo(String cpuList) {
        return new PlacedRank(rank, nodeId, appnum, cpuList);
    }
}
