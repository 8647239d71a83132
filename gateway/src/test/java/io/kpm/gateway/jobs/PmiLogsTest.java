package io.kpm.gateway.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.PmiExchange;
import io.kpm.schemas.events.Producer;

class PmiLogsTest {

    private static final Instant T0 = Instant.parse("2026-12-03T09:00:00Z");

    private static PmiExchange exchange(String id, long pgid, int rank, String request, long at) {
        return new PmiExchange(new EventMeta(id, T0.plusMillis(at), new Producer("gateway", "g"), 1), pgid, rank,
                "pmi-1", request, "cmd=ok\n", T0.plusMillis(at), T0.plusMillis(at + 1));
    }

    @Test
    void aJobsExchangesOnceEachByRequestTimeAndOneRanksAlone() {
        List<PmiExchange> read = List.of(
                exchange("a", 7, 1, "cmd=barrier_in\n", 50),
                exchange("b", 8, 0, "cmd=init\n", 5),
                exchange("c", 7, 0, "cmd=init\n", 10),
                exchange("a", 7, 1, "cmd=barrier_in\n", 50),
                exchange("d", 7, 0, "cmd=barrier_in\n", 40));

        List<PmiLogs.Entry> all = PmiLogs.of(read, 7, null);
        assertEquals(List.of(0, 0, 1), all.stream().map(PmiLogs.Entry::rank).toList());
        assertEquals(List.of("cmd=init\n", "cmd=barrier_in\n", "cmd=barrier_in\n"),
                all.stream().map(PmiLogs.Entry::request).toList());
        assertEquals(T0.plusMillis(51), all.get(2).responseTime());

        assertEquals(List.of(10L, 40L), PmiLogs.of(read, 7, 0).stream()
                .map(e -> e.requestTime().toEpochMilli() - T0.toEpochMilli()).toList());
        assertEquals(List.of(), PmiLogs.of(read, 9, null), "another job's");
    }
}
