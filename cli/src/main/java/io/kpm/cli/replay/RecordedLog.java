package io.kpm.cli.replay;

import java.util.List;

import io.kpm.schemas.events.KpmEvent;

/**
 * The part of kpm's log a replay works from, each topic in its own order: what was asked
 * (kpm.spawn.requests), what the scheduler decided (kpm.jobs, kpm.spawn.results) and what the node agents
 * reported (kpm.proc.events). {@code undecodable} counts records that were not kpm events and were skipped.
 */
public record RecordedLog(
        List<KpmEvent> requests,
        List<KpmEvent> jobEvents,
        List<KpmEvent> procEvents,
        List<KpmEvent> spawnResults,
        long undecodable) {

    public RecordedLog {
        requests = List.copyOf(requests);
        jobEvents = List.copyOf(jobEvents);
        procEvents = List.copyOf(procEvents);
        spawnResults = List.copyOf(spawnResults);
    }

    public long size() {
        return requests.size() + jobEvents.size() + procEvents.size() + spawnResults.size();
    }
}
