package io.kpm.scheduler.jobs;

import io.kpm.schemas.events.LaunchFailure;

/** One rank of a job: where it was placed and what its node agent reported about it. */
public final class Rank {

    private final int rank;
    private final String nodeId;
    private final int appnum;
    private final int pmiId;
    private RankState state = RankState.PENDING;
    private Long pid;
    private String agentRun;
    private Integer exitCode;
    private LaunchFailure failure;
    private String message;

    Rank(int rank, String nodeId, int appnum, int pmiId) {
        this.rank = rank;
        this.nodeId = nodeId;
        this.appnum = appnum;
        this.pmiId = pmiId;
    }

    // A rank only moves forward (PENDING -> STARTED -> EXITED, or PENDING -> LAUNCH_FAILED), so re-reading old
    // process events after newer ones never undoes anything.

    void started(long pid, String agentRun) {
        if (state == RankState.PENDING) {
            state = RankState.STARTED;
            this.pid = pid;
            this.agentRun = agentRun;
        }
    }

    void exited(int exitCode) {
        if (state == RankState.PENDING || state == RankState.STARTED) {
            state = RankState.EXITED;
            this.exitCode = exitCode;
        }
    }

    void launchFailed(LaunchFailure failure, String message) {
        if (state == RankState.PENDING) {
            state = RankState.LAUNCH_FAILED;
            this.failure = failure == null ? LaunchFailure.ERROR : failure;
            this.message = message;
        }
    }

    public int rank() {
        return rank;
    }

    public String nodeId() {
        return nodeId;
    }

    public int appnum() {
        return appnum;
    }

    public int pmiId() {
        return pmiId;
    }

    public RankState state() {
        return state;
    }

    /** The run of the node agent that started the rank (null when unknown): the rank dies with that run. */
    public String agentRun() {
        return agentRun;
    }

    public Long pid() {
        return pid;
    }

    public Integer exitCode() {
        return exitCode;
    }

    public LaunchFailure failure() {
        return failure;
    }

    public String message() {
        return message;
    }

    /** Whether the rank's process was started at some point (it may have exited since). */
    public boolean wasStarted() {
        return state == RankState.STARTED || state == RankState.EXITED;
    }
}
