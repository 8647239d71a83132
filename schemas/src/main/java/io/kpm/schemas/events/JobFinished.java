package io.kpm.schemas.events;

import java.util.List;

import io.kpm.schemas.Topics;

/** Every rank has exited. {@code exitCode} is the largest rank exit code, what {@code kpm run} exits with. */
public record JobFinished(EventMeta meta, long pgid, int exitCode, List<RankExit> ranks) implements KpmEvent, JobScoped {

    public JobFinished {
        ranks = List.copyOf(ranks);
    }

    @Override
    public String kafkaKey() {
        return Long.toString(pgid);
    }

    @Override
    public String topic() {
        return Topics.JOBS;
    }
}
