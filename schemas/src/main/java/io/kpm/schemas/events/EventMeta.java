package io.kpm.schemas.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The envelope every event carries: a unique id (for de-duplication and audit), when and by whom it was
 * produced, and the version of the event contract it was written with.
 */
public record EventMeta(String eventId, Instant time, Producer producer, int schemaVersion) {

    /** Bumped whenever a change to an event record is not backwards compatible. */
    public static final int SCHEMA_VERSION = 1;

    public EventMeta {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(producer, "producer");
    }

    public static EventMeta now(Producer producer) {
        return new EventMeta(UUID.randomUUID().toString(), Instant.now(), producer, SCHEMA_VERSION);
    }
}
