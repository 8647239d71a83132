package io.kpm.schemas.events;

/**
 * Where one rank runs: its node, the spawn command it came from (appnum), its PMI_ID, and the cpus it is bound to
 * ({@code cpus}, Linux list format as in {@code Cpus_allowed_list}; null: not bound, and in logs that predate it).
 */
public record RankPlacement(int rank, String nodeId, int appnum, int pmiId, String cpus) {

    public RankPlacement(int rank, String nodeId, int appnum, int pmiId) {
        this(rank, nodeId, appnum, pmiId, null);
    }
}
