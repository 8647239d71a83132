package io.kpm.gateway.jobs;

/**
 * One rank in a job view. {@code message} says why the rank could not be launched. {@code cpus}: the cpus it is
 * bound to (Linux list format), as its agent applied them once started, as placed before; null: not bound.
 */
public record RankView(
        int rank,
        String nodeId,
        Integer appnum,
        Long pid,
        RankState state,
        Integer exitCode,
        String message,
        String cpus) {

    public RankView(int rank, String nodeId, Integer appnum, Long pid, RankState state, Integer exitCode,
            String message) {
        this(rank, nodeId, appnum, pid, state, exitCode, message, null);
    }
}
