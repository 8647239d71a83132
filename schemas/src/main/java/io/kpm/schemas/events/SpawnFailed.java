package io.kpm.schemas.events;

import java.util.List;

import io.kpm.schemas.Topics;

/**
 * The spawn did not happen or did not complete. {@code pgid} is null when the request was refused before a
 * pgid was given (bad request, no nodes, unknown host); {@code errcodes} then is empty, else one per rank.
 * {@code status} is an HTTP-like classification: 400 bad request, 404 unknown host, 503 no nodes, 500 launch.
 * A refusal by placement records the inputs it was made from ({@code input}), like {@link JobPlaced}.
 */
public record SpawnFailed(
        EventMeta meta,
        String requestId,
        Long pgid,
        String reason,
        int status,
        List<Integer> errcodes,
        PlacementInput input) implements KpmEvent {

    public SpawnFailed {
        errcodes = errcodes == null ? List.of() : List.copyOf(errcodes);
    }

    /** A failure that was not a placement decision (a launch failure, a scheduler error). */
    public SpawnFailed(EventMeta meta, String requestId, Long pgid, String reason, int status, List<Integer> errcodes) {
        this(meta, requestId, pgid, reason, status, errcodes, null);
    }

    @Override
    public String kafkaKey() {
        return requestId;
    }

    @Override
    public String topic() {
        return Topics.SPAWN_RESULTS;
    }
}
