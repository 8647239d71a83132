package io.kpm.scheduler;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The scheduler's own settings ({@code kpm.scheduler.*}). */
@ConfigMapping(prefix = "kpm.scheduler")
public interface SchedulerConfig {

    /** A node whose last registration or heartbeat (by event time) is older than this is lost. */
    @WithDefault("10s")
    Duration nodeTimeout();

    /** A job whose ranks have not all started this long after it was accepted has failed. */
    @WithDefault("60s")
    Duration launchDeadline();

    /** How long a spawn request waits for a first live node before it is refused with 503. */
    @WithDefault("5s")
    Duration placementWait();

    /** How often lost nodes and passed launch deadlines are looked for. */
    @WithDefault("1s")
    Duration checkInterval();

    /** Replication factor of the topics the scheduler creates when they do not exist yet. */
    @WithDefault("1")
    short replicationFactor();
}
