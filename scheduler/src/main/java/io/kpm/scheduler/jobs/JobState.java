package io.kpm.scheduler.jobs;

/** A job's state as recorded on kpm.jobs (the same names the gateway shows). */
public enum JobState {
    ACCEPTED, PLACED, RUNNING, FINISHED, FAILED, ABORTED;

    public boolean ended() {
        return this == FINISHED || this == FAILED || this == ABORTED;
    }
}
