package io.kpm.schemas.events;

/** Where one rank runs: its node, the spawn command it came from (appnum) and its PMI_ID. */
public record RankPlacement(int rank, String nodeId, int appnum, int pmiId) {
}
