package io.kpm.cli.history;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.kpm.cli.CliFailure;
import io.kpm.cli.http.GatewayClient;
import io.kpm.cli.http.JobView;
import io.kpm.cli.http.Json;
import io.kpm.cli.http.SseEvent;
import io.kpm.cli.http.SseReader;

/**
 * The event log of a job and of every group its ranks spawned (and theirs), merged in time order: what
 * {@code kpm events} shows for a job that spawned. An event in two logs (a rank's spawn request is in the
 * spawner's and in the child's) is shown once, as the spawner's.
 */
final class JobFamilyEvents {

    /** One event, the job whose log it was read from, and its JSON exactly as the gateway sent it. */
    record FamilyEvent(long job, JsonNode event, String json) {
    }

    private JobFamilyEvents() {
    }

    /** @return the events, and the pgids of the family in the order read (the job first) */
    static List<FamilyEvent> read(GatewayClient client, long pgid) throws IOException {
        List<Long> family = familyOf(client, pgid);
        List<FamilyEvent> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (long job : family) {
            try (InputStream in = client.openEvents(job, false); SseReader events = new SseReader(in)) {
                SseEvent event;
                while ((event = events.next()) != null) {
                    JsonNode parsed = parse(event.data());
                    String id = parsed.path("meta").path("eventId").asText("");
                    if (!id.isEmpty() && !seen.add(id)) continue;
                    all.add(new FamilyEvent(job, parsed, event.data()));
                }
            }
        }
        // a stable sort: each log is in time order already, ties keep the job's own order
        all.sort(Comparator.comparing(e -> EventTimeline.timeOf(e.event()),
                Comparator.nullsLast(Comparator.<Instant>naturalOrder())));
        return all;
    }

    /** The job, then every job spawned from it, breadth first (the spawner before what it spawned). */
    private static List<Long> familyOf(GatewayClient client, long pgid) {
        return client.family(pgid).stream().map(JobView::pgid).filter(p -> p != null).distinct().toList();
    }

    private static JsonNode parse(String data) {
        try {
            return Json.mapper().readTree(data);
        } catch (IOException e) {
            throw new CliFailure("the gateway sent an event that is not JSON: " + e.getMessage(), e);
        }
    }
}
