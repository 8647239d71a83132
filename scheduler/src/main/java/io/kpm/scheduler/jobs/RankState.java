package io.kpm.scheduler.jobs;

/** A rank's state as told by kpm.proc.events. */
public enum RankState {
    PENDING, STARTED, EXITED, LAUNCH_FAILED
}
