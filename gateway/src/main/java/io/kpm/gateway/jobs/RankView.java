package io.kpm.gateway.jobs;

/** One rank in a job view. {@code message} says why the rank could not be launched. */
public record RankView(
        int rank,
        String nodeId,
        Integer appnum,
        Long pid,
        RankState state,
        Integer exitCode,
        String message) {
}
