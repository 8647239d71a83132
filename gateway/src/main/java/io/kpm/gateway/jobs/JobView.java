package io.kpm.gateway.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job as {@code GET /api/v1/jobs/{pgid}} shows it (docs/architecture.md "REST API"). {@code jobInfo} and
 * {@code appInfo} (one map per app) are the info keys the job was accepted with, kpm's and the caller's, including
 * directives kpm did not apply: what the job was asked to be.
 */
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
        Instant endedAt,
        Map<String, String> jobInfo,
        List<Map<String, String>> appInfo) {
}
