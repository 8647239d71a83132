package io.kpm.schemas.events;

import io.kpm.schemas.Topics;

/**
 * A request to end a job: a user's kill (REST DELETE, Ctrl-C in {@code kpm run}) or a rank's PMI abort.
 * It travels on {@code kpm.spawn.requests} because the scheduler, the only writer of {@code kpm.jobs}, decides
 * what happens to the job. {@code exitCode} is the code the job ends with (a PMI abort's exitcode), or null.
 */
public record AbortRequested(
        EventMeta meta,
        String requestId,
        long pgid,
        String reason,
        Integer exitCode) implements KpmEvent {

    @Override
    public String kafkaKey() {
        return requestId;
    }

    @Override
    public String topic() {
        return Topics.SPAWN_REQUESTS;
    }
}
