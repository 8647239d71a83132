package io.kpm.schemas.events;

import java.util.List;

import io.kpm.schemas.Topics;

/** The ranks of one job that one node must start. Keyed by nodeId so that each agent reads only its own. */
public record LaunchRequested(
        EventMeta meta,
        String nodeId,
        long pgid,
        String kvsname,
        int size,
        boolean spawned,
        String pmiEndpoint,
        List<RankLaunch> ranks) implements KpmEvent, JobScoped {

    public LaunchRequested {
        ranks = List.copyOf(ranks);
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
