package io.kpm.schemas.events;

import java.util.List;
import java.util.Map;

import io.kpm.schemas.Topics;

/** The scheduler took a spawn request and gave the new process group its pgid and kvsname. */
public record JobAccepted(
        EventMeta meta,
        long pgid,
        String requestId,
        String kvsname,
        Long spawnerPgid,
        int size,
        List<AppSpec> apps,
        Map<String, String> preput,
        Map<String, String> jobInfo,
        String pmiEndpoint) implements KpmEvent, JobScoped {

    public JobAccepted {
        apps = List.copyOf(apps);
        preput = preput == null ? Map.of() : Map.copyOf(preput);
        jobInfo = jobInfo == null ? Map.of() : Map.copyOf(jobInfo);
    }

    @Override
    public String kafkaKey() {
        return Long.toString(pgid);
    }

    @Override
    public String topic() {
        return Topics.JOBS;
    }
}
