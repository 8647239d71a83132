package io.kpm.schemas.events;

import io.kpm.schemas.Topics;

/**
 * A rank's process ended. {@code exitCode} is 128+N when signal N ended it; {@code killed} says kpm itself
 * killed it (job kill, abort, agent shutdown). Published after the rank's last output chunk.
 */
public record ProcExited(EventMeta meta, long pgid, int rank, String nodeId, int exitCode, boolean killed)
        implements KpmEvent, JobScoped {

    @Override
    public String kafkaKey() {
        return Long.toString(pgid);
    }

    @Override
    public String topic() {
        return Topics.PROC_EVENTS;
    }
}
