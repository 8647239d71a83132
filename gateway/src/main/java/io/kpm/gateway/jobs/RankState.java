package io.kpm.gateway.jobs;

public enum RankState {
    PENDING, STARTED, EXITED, LAUNCH_FAILED
}
