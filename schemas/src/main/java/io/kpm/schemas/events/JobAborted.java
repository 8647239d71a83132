package io.kpm.schemas.events;

import io.kpm.schemas.Topics;

/** The job was ended on request (a kill, or a rank's PMI abort); its ranks are being killed. */
public record JobAborted(EventMeta meta, long pgid, String reason, int exitCode) implements KpmEvent, JobScoped {

    @Override
    public String kafkaKey() {
        return Long.toString(pgid);
    }

    @Override
    public String topic() {
        return Topics.JOBS;
    }
}
