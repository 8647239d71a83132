package io.kpm.gateway.jobs;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One notification about a job, as {@code /api/v2/jobs/{pgid}/notifications} sends it: {@code placed} (the job's
 * nodes and where each rank goes), {@code running} (every rank started: its pid), {@code terminated} (the job's
 * state, exit code and reason, and each rank's exit code where known). PMIx calls these the allocation and the
 * completion of a spawned job.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Notification(String type, long pgid, Instant time, String state, Integer exitCode, String reason,
        List<String> nodes, List<RankNote> ranks) {

    public static final String PLACED = "placed";
    public static final String RUNNING = "running";
    public static final String TERMINATED = "terminated";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RankNote(int rank, String nodeId, Long pid, Integer exitCode) {
    }
}
