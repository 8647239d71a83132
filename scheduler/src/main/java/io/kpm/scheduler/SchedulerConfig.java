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

    /**
     * The transactional id every scheduler of one kpm cluster shares: the leader's producer takes it, which fences
     * any earlier leader (docs/reliability.md). Two kpm clusters on one Kafka need two ids.
     */
    @WithDefault("kpm-scheduler")
    String transactionalId();

    /** How long the leader waits for Kafka to take a decision before it gives up and rebuilds from the log. */
    @WithDefault("15s")
    Duration writeTimeout();

    /** How long a standby waits between attempts to take the lead when taking it failed (Kafka unreachable). */
    @WithDefault("2s")
    Duration leadershipRetry();

    /** Replication factor of the topics the scheduler creates when they do not exist yet. */
    @WithDefault("1")
    short replicationFactor();
}
