package io.kpm.gateway.jobs;

public enum JobState {
    ACCEPTED, PLACED, RUNNING, FINISHED, FAILED, ABORTED;

    public boolean ended() {
        return this == FINISHED || this == FAILED || this == ABORTED;
    }
}
