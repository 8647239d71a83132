package io.kpm.schemas.events;

import io.kpm.schemas.Topics;

/** Every rank of the job has started. */
public record JobRunning(EventMeta meta, long pgid) implements KpmEvent, JobScoped {

    @Override
    public String kafkaKey() {
        return Long.toString(pgid);
    }

    @Override
    public String topic() {
        return Topics.JOBS;
    }
}
