package io.kpm.schemas.events;

import java.util.List;

import io.kpm.schemas.Topics;

/**
 * The ranks of one job that one node must start. Keyed by nodeId so that each agent reads only its own.
 * {@code stdinRank}: the one rank of these whose stdin is a pipe fed by {@link StdinChunk}s (the job's launcher asked
 * for its stdin to be forwarded, as mpiexec does to rank 0); null: every rank's stdin is /dev/null.
 */
public record LaunchRequested(
        EventMeta meta,
        String nodeId,
        long pgid,
        String kvsname,
        int size,
        boolean spawned,
        String pmiEndpoint,
        List<RankLaunch> ranks,
        Integer stdinRank) implements KpmEvent, JobScoped {

    public LaunchRequested {
        ranks = List.copyOf(ranks);
    }

    /** Ranks whose stdin is /dev/null, as every launch was before stdin forwarding existed. */
    public LaunchRequested(EventMeta meta, String nodeId, long pgid, String kvsname, int size, boolean spawned,
            String pmiEndpoint, List<RankLaunch> ranks) {
        this(meta, nodeId, pgid, kvsname, size, spawned, pmiEndpoint, ranks, null);
    }

    @Override
    public String kafkaKey() {
        return nodeId;
    }

    @Override
    public String topic() {
        return Topics.LAUNCH;
    }
}
