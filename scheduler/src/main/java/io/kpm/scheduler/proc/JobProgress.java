package io.kpm.scheduler.proc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.kpm.schemas.events.AbortRequested;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.JobAborted;
import io.kpm.schemas.events.JobFailed;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobRunning;
import io.kpm.schemas.events.KillRequested;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.LaunchFailure;
import io.kpm.schemas.events.RankExit;
import io.kpm.schemas.events.SpawnCompleted;
import io.kpm.schemas.events.SpawnFailed;
import io.kpm.scheduler.jobs.Job;
import io.kpm.scheduler.jobs.JobState;
import io.kpm.scheduler.jobs.Rank;
import io.kpm.scheduler.jobs.RankState;

/**
 * What a job's state calls for: the events to publish, decided from the job book alone (no Kafka, no clock but
 * the one passed in). Decisions compare the ranks (from kpm.proc.events) with the job state (from kpm.jobs):
 * once the answer is recorded the difference is gone, so re-reading process events never repeats a job event.
 */
public final class JobProgress {

    /** The job's exit code when its ranks did not all start before the launch deadline. */
    public static final int DEADLINE_EXIT_CODE = 1;
    /** The job's exit code when it is aborted without one: 128 + SIGTERM, as a shell reports a killed process. */
    public static final int ABORT_EXIT_CODE = 143;

    private JobProgress() {
    }

    /** After a process event was applied: running, failed, finished, or nothing new. */
    public static List<KpmEvent> afterProcEvent(Job job, Supplier<EventMeta> meta) {
        if (job.ended() || job.state() == JobState.ACCEPTED) return List.of();
        Optional<Rank> failed = job.firstLaunchFailure();
        if (failed.isPresent()) {
            Rank rank = failed.get();
            LaunchFailure failure = rank.failure() == null ? LaunchFailure.ERROR : rank.failure();
            String reason = "rank " + rank.rank() + " on " + rank.nodeId() + ": "
                    + (rank.message() == null || rank.message().isBlank() ? failure.name() : rank.message());
            return fail(job, reason, rank.rank(), failure.exitStatus(), meta);
        }
        List<KpmEvent> out = new ArrayList<>();
        if (job.state() == JobState.PLACED && job.allStarted()) {
            out.add(new JobRunning(meta.get(), job.pgid()));
            out.add(new SpawnCompleted(meta.get(), job.requestId(), job.pgid(), job.kvsname(),
                    Collections.nCopies(job.size(), 0)));
        }
        if (job.allDone()) {
            List<RankExit> exits = job.ranks().stream()
                    .map(r -> new RankExit(r.rank(), r.nodeId(), r.exitCode()))
                    .toList();
            int exitCode = job.ranks().stream()
                    .filter(r -> r.exitCode() != null)
                    .mapToInt(Rank::exitCode)
                    .max().orElse(0);
            out.add(new JobFinished(meta.get(), job.pgid(), exitCode, exits));
        }
        return out;
    }

    /** A job whose ranks have not all started by {@code acceptedAt + deadline} has failed. */
    public static List<KpmEvent> afterLaunchDeadline(Job job, Instant now, Duration deadline, Supplier<EventMeta> meta) {
        if (job.ended() || job.reachedRunning()) return List.of();
        if (!job.acceptedAt().plus(deadline).isBefore(now)) return List.of();
        List<Integer> waiting = job.ranks().stream()
                .filter(r -> r.state() == RankState.PENDING)
                .map(Rank::rank)
                .toList();
        String reason = "launch deadline of " + deadline.toSeconds() + "s passed: "
                + (job.ranks().isEmpty() ? "the job was never placed" : "not started: " + rankList(waiting));
        return fail(job, reason, null, DEADLINE_EXIT_CODE, meta);
    }

    /** The exit code of a job ended by its time limit: mpiexec's when MPIEXEC_TIMEOUT strikes. */
    public static final int TIMEOUT_EXIT_CODE = 255;

    /**
     * A job with a time limit ({@link Job#timeout()}) that has not ended by {@code acceptedAt + timeout} is aborted
     * with a reason saying so, as mpiexec's MPIEXEC_TIMEOUT does ("APPLICATION TIMED OUT").
     */
    public static List<KpmEvent> afterTimeout(Job job, Instant now, Supplier<EventMeta> meta) {
        if (job.ended() || job.timeout() == null || !job.acceptedAt().plus(job.timeout()).isBefore(now)) return List.of();
        return abort(job, new AbortRequested(meta.get(), job.requestId(), job.pgid(),
                "timed out: the job's time limit of " + job.timeout().toSeconds() + " s passed", TIMEOUT_EXIT_CODE), meta);
    }

    /** The exit code of a job that lost a node: the ranks there are gone, with no exit code of their own. */
    public static final int NODE_LOST_EXIT_CODE = 1;

    /**
     * A node was declared lost: a job with a rank there that had not exited has failed, naming the node. Its
     * other ranks are killed; a spawn not answered yet is answered with SpawnFailed so its requester does not wait
     * forever. A job with nothing left on that node is not concerned.
     */
    public static List<KpmEvent> afterNodeLost(Job job, String nodeId, String why, Supplier<EventMeta> meta) {
        if (job.ended()) return List.of();
        List<Integer> there = job.ranks().stream()
                .filter(r -> r.nodeId().equals(nodeId))
                .filter(r -> r.state() == RankState.PENDING || r.state() == RankState.STARTED)
                .map(Rank::rank)
                .toList();
        return failForNode(job, nodeId, why, there, meta);
    }

    /**
     * The node's agent registered with another run: the ranks an earlier run started there died with it (they
     * end when their agent ends), so a job with such a rank still counted running has failed. Ranks not started
     * yet are left to the new run, which reads the launches it has not handled.
     */
    public static List<KpmEvent> afterAgentRestart(Job job, String nodeId, String newRun, Supplier<EventMeta> meta) {
        if (job.ended() || newRun == null) return List.of();
        List<Integer> gone = job.ranks().stream()
                .filter(r -> r.nodeId().equals(nodeId) && r.state() == RankState.STARTED)
                .filter(r -> r.agentRun() != null && !r.agentRun().equals(newRun))
                .map(Rank::rank)
                .toList();
        return failForNode(job, nodeId, "its node agent restarted, and ranks end with the agent that started them",
                gone, meta);
    }

    private static List<KpmEvent> failForNode(Job job, String nodeId, String why, List<Integer> there,
            Supplier<EventMeta> meta) {
        if (there.isEmpty()) return List.of();
        String reason = "node " + nodeId + " was lost (" + why + ") with " + rankList(there) + " of the job on it";
        List<KpmEvent> out = new ArrayList<>();
        out.add(new JobFailed(meta.get(), job.pgid(), reason, there.get(0), NODE_LOST_EXIT_CODE));
        if (!job.reachedRunning()) {
            out.add(new SpawnFailed(meta.get(), job.requestId(), job.pgid(), reason, 500, job.errcodes()));
        }
        out.addAll(kills(job, "job failed: " + reason, meta));
        return out;
    }

    /**
     * An abort ends a job that has not ended yet: JobAborted and a kill to each of its nodes. When the spawn had
     * not been answered yet (not every rank had started), it is answered with SpawnFailed, so that whoever
     * waits for it is not left waiting. An ended job is left alone.
     */
    public static List<KpmEvent> abort(Job job, AbortRequested request, Supplier<EventMeta> meta) {
        if (job.ended()) return List.of();
        String reason = request.reason() == null || request.reason().isBlank() ? "aborted on request" : request.reason();
        int exitCode = request.exitCode() != null ? request.exitCode() : ABORT_EXIT_CODE;
        List<KpmEvent> out = new ArrayList<>();
        out.add(new JobAborted(meta.get(), job.pgid(), reason, exitCode));
        if (!job.reachedRunning()) {
            out.add(new SpawnFailed(meta.get(), job.requestId(), job.pgid(),
                    "job " + job.pgid() + " was aborted before all its ranks started: " + reason, 500, job.errcodes()));
        }
        out.addAll(kills(job, "aborted: " + reason, meta));
        return out;
    }

    private static List<KpmEvent> fail(Job job, String reason, Integer failedRank, int exitCode,
            Supplier<EventMeta> meta) {
        List<KpmEvent> out = new ArrayList<>();
        out.add(new JobFailed(meta.get(), job.pgid(), reason, failedRank, exitCode));
        out.add(new SpawnFailed(meta.get(), job.requestId(), job.pgid(), reason, 500, job.errcodes()));
        out.addAll(kills(job, "job failed: " + reason, meta));
        return out;
    }

    private static List<KpmEvent> kills(Job job, String reason, Supplier<EventMeta> meta) {
        return job.nodes().stream()
                .<KpmEvent>map(node -> new KillRequested(meta.get(), node, job.pgid(), reason))
                .toList();
    }

    private static String rankList(List<Integer> ranks) {
        int shown = Math.min(ranks.size(), 8);
        String list = ranks.subList(0, shown).stream().map(String::valueOf).collect(Collectors.joining(", "));
        String more = ranks.size() > shown ? " and " + (ranks.size() - shown) + " more" : "";
        return (ranks.size() == 1 ? "rank " : "ranks ") + list + more;
    }
}
