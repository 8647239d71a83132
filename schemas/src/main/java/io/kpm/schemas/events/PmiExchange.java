package io.kpm.schemas.events;

import java.time.Instant;

import io.kpm.schemas.Topics;

/**
 * One PMI request of a rank and the gateway's response, as bytes on the wire (decoded as UTF-8).
 * {@code response} is null for commands that have none (abort). {@code protocol} is "pmi-1" or "pmi-2".
 */
public record PmiExchange(
        EventMeta meta,
        long pgid,
        int rank,
        String protocol,
        String request,
        String response,
        Instant requestTime,
        Instant responseTime) implements KpmEvent, JobScoped {

    @Override
    public String kafkaKey() {
        return Long.toString(pgid);
    }

    @Override
    public String topic() {
        return Topics.PMI_AUDIT;
    }
}
