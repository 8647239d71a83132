package io.kpm.schemas.events;

import io.kpm.schemas.Topics;

/**
 * A request to end a job: a user's kill (REST DELETE, Ctrl-C in {@code kpm run}) or a rank's PMI abort.
 * It travels on {@code kpm.spawn.requests} because the scheduler, the only writer of {@code kpm.jobs}, decides
 * what happens to the job. {@code exitCode} is the code the job ends with (a PMI abort's exitcode), or null.
 * {@code spawnFamily} true (a rank's MPI_Abort) ends the whole spawn family the job belongs to: its spawners up
 * to the first job that was not spawned, and every group spawned from them, as Hydra ends everything it launched.
 * Null or false (a user's kill, events written before the field existed) ends the job and what it spawned.
 */
public record AbortRequested(
        EventMeta meta,
        String requestId,
        long pgid,
        String reason,
        Integer exitCode,
        Boolean spawnFamily) implements KpmEvent, JobScoped {

    public AbortRequested(EventMeta meta, String requestId, long pgid, String reason, Integer exitCode) {
        this(meta, requestId, pgid, reason, exitCode, null);
    }

    public boolean endsSpawnFamily() {
        return Boolean.TRUE.equals(spawnFamily);
    }

    @Override
    public String kafkaKey() {
        return requestId;
    }

    @Override
    public String topic() {
        return Topics.SPAWN_REQUESTS;
    }
}
