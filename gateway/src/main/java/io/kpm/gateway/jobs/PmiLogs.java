package io.kpm.gateway.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.kpm.schemas.events.PmiExchange;

/** Every job's PMI conversation as kpm.pmi.audit recorded it: what each rank asked and what it got, and when. */
@ApplicationScoped
public class PmiLogs {

    /** One exchange as {@code GET /jobs/{pgid}/pmi} answers it. */
    public record Entry(int rank, String protocol, String request, String response, Instant requestTime,
            Instant responseTime) {
    }

    private final ConcurrentMap<Long, JobLog> logs = new ConcurrentHashMap<>();

    private static final class JobLog {
        final List<PmiExchange> exchanges = new ArrayList<>();
        final Set<String> seenEventIds = new HashSet<>();
    }

    /** Records one exchange; a repeated event (same eventId) is ignored. */
    public void apply(PmiExchange exchange) {
        JobLog log = logs.computeIfAbsent(exchange.pgid(), p -> new JobLog());
        synchronized (log) {
            if (log.seenEventIds.add(exchange.meta().eventId())) log.exchanges.add(exchange);
        }
    }

    /** The job's exchanges (one rank's when {@code rank} is not null), by request time. */
    public List<Entry> of(long pgid, Integer rank) {
        JobLog log = logs.get(pgid);
        if (log == null) return List.of();
        List<PmiExchange> copy;
        synchronized (log) {
            copy = new ArrayList<>(log.exchanges);
        }
        return copy.stream()
                .filter(e -> rank == null || e.rank() == rank)
                .sorted(Comparator.comparing(PmiExchange::requestTime, Comparator.nullsLast(Comparator.naturalOrder())))
                .map(e -> new Entry(e.rank(), e.protocol(), e.request(), e.response(), e.requestTime(),
                        e.responseTime()))
                .toList();
    }
}
