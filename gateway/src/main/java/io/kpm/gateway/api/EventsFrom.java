package io.kpm.gateway.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.kpm.schemas.events.KpmEvent;
import io.smallrye.mutiny.Multi;

/**
 * Where {@code GET /jobs/{pgid}/events?from=} starts: a number is the index of the first event to send in the
 * job's history (0 = the first, as the replay orders it: by event time), anything else an ISO-8601 instant
 * (events whose meta.time is at or after it). No {@code from}: the whole history.
 */
record EventsFrom(Integer index, Instant time) {

    static EventsFrom parse(String from) {
        if (from == null || from.isBlank()) return new EventsFrom(null, null);
        String text = from.strip();
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                return new EventsFrom(Integer.parseInt(text), null);
            } catch (NumberFormatException e) {
                throw invalid(from);
            }
        }
        try {
            return new EventsFrom(null, Instant.parse(text));
        } catch (DateTimeParseException e) {
            throw invalid(from);
        }
    }

    private static ProblemException invalid(String from) {
        return Problem.of(400, "invalid-parameter", "from must be an event index (0, 1, ...) or an ISO-8601 time"
                + " such as 2026-01-01T12:00:00Z, got \"" + from + "\"").toException();
    }

    Multi<KpmEvent> apply(Multi<KpmEvent> events) {
        if (index != null) return events.skip().first(index);
        if (time != null) return events.filter(e -> !e.meta().time().isBefore(time));
        return events;
    }
}
