package io.kpm.cli.run;

import java.util.ArrayList;
import java.util.List;

import io.kpm.cli.http.JobView;
import io.kpm.cli.http.JobView.RankView;

/**
 * How {@code kpm run} ends for a job that ended: the exit status (the job's exitCode: the largest rank exit
 * code, 128+signal for a signalled rank) and, when the job did not simply finish, what to tell the user.
 */
public record JobExitStatus(int code, String message) {

    public static JobExitStatus of(JobView job) {
        String state = job.state() == null ? "UNKNOWN" : job.state();
        return switch (state) {
            case JobView.FINISHED -> new JobExitStatus(clamp(finishedCode(job)), null);
            case JobView.FAILED -> new JobExitStatus(nonZero(job.exitCode()), failure(job));
            case JobView.ABORTED -> new JobExitStatus(nonZero(job.exitCode()),
                    "job " + job.pgid() + " was aborted" + (blank(job.reason()) ? "" : ": " + job.reason()));
            default -> new JobExitStatus(1, "job " + job.pgid() + " ended in state " + state);
        };
    }

    /**
     * What to tell the user about a group the job's ranks spawned, at its end: nothing when it finished (its
     * exit codes do not make {@code kpm run}'s, as under mpiexec), else why it did not.
     */
    public static String spawnedNotice(JobView spawned) {
        String state = spawned.state() == null ? "UNKNOWN" : spawned.state();
        String job = "spawned job " + spawned.pgid();
        return switch (state) {
            case JobView.FINISHED -> null;
            case JobView.FAILED -> job + " failed: " + failure(spawned);
            case JobView.ABORTED -> job + " was aborted" + (blank(spawned.reason()) ? "" : ": " + spawned.reason());
            default -> job + " ended in state " + state;
        };
    }

    private static int finishedCode(JobView job) {
        if (job.exitCode() != null) return job.exitCode();
        return job.ranks().stream().map(RankView::exitCode).filter(c -> c != null).max(Integer::compare).orElse(0);
    }

    /** A failed or aborted job never reports success, whatever its ranks returned. */
    private static int nonZero(Integer code) {
        return code == null || code == 0 ? 1 : clamp(code);
    }

    /** An exit status is one byte; anything outside 1..255 would read as something else (256 as success). */
    private static int clamp(int code) {
        return code >= 0 && code <= 255 ? code : 255;
    }

    /** The job's reason, plus what launch-failed ranks said that the reason does not already say. */
    private static String failure(JobView job) {
        List<String> parts = new ArrayList<>();
        if (!blank(job.reason())) parts.add(job.reason());
        for (RankView rank : job.ranks()) {
            if (!RankView.LAUNCH_FAILED.equals(rank.state()) || blank(rank.message())) continue;
            if (parts.stream().anyMatch(p -> p.contains(rank.message()))) continue;
            parts.add("rank " + rank.rank() + (rank.nodeId() == null ? "" : " on " + rank.nodeId()) + ": " + rank.message());
        }
        return parts.isEmpty() ? "job " + job.pgid() + " failed" : String.join("; ", parts);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
