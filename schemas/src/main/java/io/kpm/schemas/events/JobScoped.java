package io.kpm.schemas.events;

/**
 * An event about one job (process group): it names its pgid itself, so that a reader that groups or routes events
 * by job needs no list of event types. Every event type with a {@code long pgid} component is one
 * ({@code EventSchemasTest} checks it). {@link SpawnFailed} is not: a refused request never became a job.
 */
public interface JobScoped {

    long pgid();
}
