package io.kpm.scheduler.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.RankPlacement;

/**
 * One job as folded from kpm.jobs (its state) and kpm.proc.events (its ranks). Changed only by
 * {@link JobBook#apply}.
 */
public final class Job {

    private final long pgid;
    private final String requestId;
    private final String kvsname;
    private final Long spawnerPgid;
    private final int size;
    private final List<AppSpec> apps;
    private final String pmiEndpoint;
    private final Instant acceptedAt;
    private final Duration timeout;
    private final Map<String, String> jobInfo;
    private JobState state = JobState.ACCEPTED;
    private List<String> nodes = List.of();
    private final List<Rank> ranks = new ArrayList<>();
    private boolean reachedRunning;
    private Integer exitCode;
    private String reason;
    private Instant endedAt;

    Job(JobAccepted accepted) {
        this.pgid = accepted.pgid();
        this.requestId = accepted.requestId();
        this.kvsname = accepted.kvsname();
        this.spawnerPgid = accepted.spawnerPgid();
        this.size = accepted.size();
        this.apps = accepted.apps();
        this.pmiEndpoint = accepted.pmiEndpoint();
        this.acceptedAt = accepted.meta().time();
        this.timeout = timeoutOf(accepted.jobInfo() == null ? null : accepted.jobInfo().get(TIMEOUT_KEY));
        this.jobInfo = accepted.jobInfo() == null ? Map.of() : accepted.jobInfo();
    }

    /** The job's info keys as accepted (its time limit, a debug target, the directives it was given, ...). */
    public Map<String, String> jobInfo() {
        return jobInfo;
    }

    /** The job-info key of a job's time limit in seconds (mpiexec's MPIEXEC_TIMEOUT, {@code kpm run --timeout}). */
    public static final String TIMEOUT_KEY = "timeout";

    /** A positive whole number of seconds, else no limit (the gateway refuses other values before they get here). */
    static Duration timeoutOf(String seconds) {
        if (seconds == null) return null;
        try {
            long s = Long.parseLong(seconds.trim());
            return s > 0 ? Duration.ofSeconds(s) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The job's time limit from its acceptance, or null. */
    public Duration timeout() {
        return timeout;
    }

    void placed(JobPlaced placed) {
        if (state != JobState.ACCEPTED) return;
        state = JobState.PLACED;
        nodes = placed.nodes();
        ranks.clear();
        for (RankPlacement r : placed.ranks()) ranks.add(new Rank(r.rank(), r.nodeId(), r.appnum(), r.pmiId()));
    }

    void running() {
        if (state.ended()) return;
        state = JobState.RUNNING;
        reachedRunning = true;
    }

    void ended(JobState how, Integer exitCode, String reason, Instant at) {
        if (state.ended()) return;
        state = how;
        this.exitCode = exitCode;
        this.reason = reason;
        this.endedAt = at;
    }

    Optional<Rank> rank(int rank) {
        return rank >= 0 && rank < ranks.size() ? Optional.of(ranks.get(rank)) : Optional.empty();
    }

    public long pgid() {
        return pgid;
    }

    public String requestId() {
        return requestId;
    }

    public String kvsname() {
        return kvsname;
    }

    public Long spawnerPgid() {
        return spawnerPgid;
    }

    public int size() {
        return size;
    }

    public List<AppSpec> apps() {
        return apps;
    }

    public String pmiEndpoint() {
        return pmiEndpoint;
    }

    public Instant acceptedAt() {
        return acceptedAt;
    }

    public JobState state() {
        return state;
    }

    /** The job's node list, in order of first use (empty until placed). */
    public List<String> nodes() {
        return nodes;
    }

    public List<Rank> ranks() {
        return Collections.unmodifiableList(ranks);
    }

    /** Whether JobRunning was recorded, which is when the spawn was answered with SpawnCompleted. */
    public boolean reachedRunning() {
        return reachedRunning;
    }

    public Integer exitCode() {
        return exitCode;
    }

    public String reason() {
        return reason;
    }

    public Instant endedAt() {
        return endedAt;
    }

    public boolean ended() {
        return state.ended();
    }

    /** Every rank's process was started (some may have exited since). False before placement. */
    public boolean allStarted() {
        return !ranks.isEmpty() && ranks.stream().allMatch(Rank::wasStarted);
    }

    /** Every rank is over: exited or failed to launch. False before placement. */
    public boolean allDone() {
        return !ranks.isEmpty() && ranks.stream()
                .allMatch(r -> r.state() == RankState.EXITED || r.state() == RankState.LAUNCH_FAILED);
    }

    public Optional<Rank> firstLaunchFailure() {
        return ranks.stream().filter(r -> r.state() == RankState.LAUNCH_FAILED).findFirst();
    }

    /** SpawnFailed's errcodes: per rank 0 started, 1 failed to launch, -1 not started. */
    public List<Integer> errcodes() {
        return ranks.stream()
                .map(r -> r.wasStarted() ? 0 : r.state() == RankState.LAUNCH_FAILED ? 1 : -1)
                .toList();
    }
}
