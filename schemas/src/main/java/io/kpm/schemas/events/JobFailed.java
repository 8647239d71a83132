package io.kpm.schemas.events;

import io.kpm.schemas.Topics;

/**
 * The job could not run as asked: a rank failed to launch or the launch deadline passed. The ranks that did
 * start are killed. {@code failedRank} is the rank that caused it, if one did.
 */
public record JobFailed(EventMeta meta, long pgid, String reason, Integer failedRank, int exitCode)
        implements KpmEvent, JobScoped {

    @Override
    public String kafkaKey() {
        return Long.toString(pgid);
    }

    @Override
    public String topic() {
        return Topics.JOBS;
    }
}
