package io.kpm.schemas.events;

import java.util.List;
import java.util.Map;

import io.kpm.schemas.Topics;

/**
 * A request for a new process group, from a launcher (REST, {@code spawnerPgid} null) or from a running rank
 * (PMI spawn). {@code pmiEndpoint} is the host:port of the gateway the new ranks must connect to.
 */
public record SpawnRequested(
        EventMeta meta,
        String requestId,
        Long spawnerPgid,
        Integer spawnerRank,
        List<AppSpec> apps,
        Map<String, String> preput,
        Map<String, String> jobInfo,
        String pmiEndpoint) implements KpmEvent {

    public SpawnRequested {
        apps = List.copyOf(apps);
        preput = preput == null ? Map.of() : Map.copyOf(preput);
        jobInfo = jobInfo == null ? Map.of() : Map.copyOf(jobInfo);
    }

    @Override
    public String kafkaKey() {
        return requestId;
    }

    @Override
    public String topic() {
        return Topics.SPAWN_REQUESTS;
    }
}
