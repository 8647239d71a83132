package io.kpm.gateway.jobs;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kpm.schemas.events.PmiExchange;

/**
 * A job's PMI conversation from the exchanges kpm.pmi.audit recorded: what each rank asked and what it got, and
 * when. Pure: {@link io.kpm.gateway.kafka.PmiLogReader} gives it what it read from the topic.
 */
public final class PmiLogs {

    /** One exchange as {@code GET /jobs/{pgid}/pmi} answers it. */
    public record Entry(int rank, String protocol, String request, String response, Instant requestTime,
            Instant responseTime) {
    }

    private PmiLogs() {
    }

    /**
     * The exchanges of job {@code pgid} (of one rank when {@code rank} is not null), each once (a record written
     * twice has the same eventId), by request time.
     */
    public static List<Entry> of(Collection<PmiExchange> exchanges, long pgid, Integer rank) {
        Map<String, PmiExchange> once = new LinkedHashMap<>();
        for (PmiExchange e : exchanges) {
            if (e.pgid() == pgid && (rank == null || e.rank() == rank)) once.putIfAbsent(e.meta().eventId(), e);
        }
        return once.values().stream()
                .sorted(Comparator.comparing(PmiExchange::requestTime, Comparator.nullsLast(Comparator.naturalOrder())))
                .map(e -> new Entry(e.rank(), e.protocol(), e.request(), e.response(), e.requestTime(),
                        e.responseTime()))
                .toList();
    }
}
