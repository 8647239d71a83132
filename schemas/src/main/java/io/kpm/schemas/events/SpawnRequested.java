package io.kpm.schemas.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.kpm.schemas.Topics;

/**
 * A request for a new process group, from a launcher (REST, {@code spawnerPgid} null) or from a running rank
 * (PMI spawn). {@code pmiEndpoint} is the host:port of the gateway the new ranks must connect to.
 * {@code deadline}: the scheduler must not start the job if it reads the request after this instant (its requester
 * has been told it failed by then); null: no deadline (events written before it existed).
 */
public record SpawnRequested(
        EventMeta meta,
        String requestId,
        Long spawnerPgid,
        Integer spawnerRank,
        List<AppSpec> apps,
        Map<String, String> preput,
        Map<String, String> jobInfo,
        String pmiEndpoint,
        Instant deadline) implements KpmEvent {

    public SpawnRequested(EventMeta meta, String requestId, Long spawnerPgid, Integer spawnerRank, List<AppSpec> apps,
            Map<String, String> preput, Map<String, String> jobInfo, String pmiEndpoint) {
        this(meta, requestId, spawnerPgid, spawnerRank, apps, preput, jobInfo, pmiEndpoint, null);
    }

    /** The same request with a deadline. */
    public SpawnRequested withDeadline(Instant at) {
        return new SpawnRequested(meta, requestId, spawnerPgid, spawnerRank, apps, preput, jobInfo, pmiEndpoint, at);
    }

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
