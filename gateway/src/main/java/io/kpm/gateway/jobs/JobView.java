package io.kpm.gateway.jobs;

import java.time.Instant;
import java.util.List;

/** A job as {@code GET /api/v1/jobs/{pgid}} shows it (docs/architecture.md "REST API"). */
public record JobView(
        long pgid,
        String kvsname,
        String requestId,
        Long spawnerPgid,
        JobState state,
        int size,
        List<String> nodes,
        List<RankView> ranks,
        Integer exitCode,
        String reason,
        Instant acceptedAt,
        Instant endedAt) {
}
