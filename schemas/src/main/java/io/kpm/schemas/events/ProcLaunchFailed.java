package io.kpm.schemas.events;

import io.kpm.schemas.Topics;

/** A rank could not be started; {@code message} says why in words a person understands. */
public record ProcLaunchFailed(
        EventMeta meta,
        long pgid,
        int rank,
        String nodeId,
        LaunchFailure reason,
        String message) implements KpmEvent, JobScoped {

    @Override
    public String kafkaKey() {
        return Long.toString(pgid);
    }

    @Override
    public String topic() {
        return Topics.PROC_EVENTS;
    }
}
