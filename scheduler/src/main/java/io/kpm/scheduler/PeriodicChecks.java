package io.kpm.scheduler;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kpm.schemas.Topics;
import io.kpm.scheduler.debug.DebuggerReaper;
import io.kpm.scheduler.jobs.Jobs;
import io.kpm.scheduler.kafka.PartitionLeaderProbe;
import io.kpm.scheduler.nodes.LiveNodes;
import io.kpm.scheduler.proc.JobFailures;

/**
 * One timer thread: every check interval, on the leader only, declare silent nodes lost and fail the jobs that had ranks on them, and
 * fail jobs past their launch deadline; end debugger daemons whose target ended.
 */
@ApplicationScoped
public class PeriodicChecks {

    private static final Logger LOG = Logger.getLogger(PeriodicChecks.class);

    @Inject
    SchedulerConfig config;

    @Inject
    LiveNodes nodes;

    @Inject
    JobFailures failures;

    @Inject
    Jobs jobs;

    @Inject
    PartitionLeaderProbe kafka;

    @Inject
    DebuggerReaper debuggers;

    private ScheduledExecutorService timer;

    /** Whether kpm.nodes could not be read at the last check; only the timer thread uses it. */
    private boolean logDown;

    /**
     * A broker that dies takes its partitions' leadership with it for seconds (until the controller elects new
     * leaders): no heartbeat can be written or read meanwhile, and a node must not be declared lost for the
     * silence, nor left out of placement for it. Measured: a SIGKILLed broker that led kpm.nodes held heartbeats
     * back for about 13 s; before this check both nodes of e2e/ReplicatedKafkaTest were declared lost, and once
     * that was fixed, placement still found no live node.
     */
    private boolean nodesLogReadable() {
        boolean readable = kafka.reachesLeaderOf(Topics.NODES);
        if (!readable && !logDown) {
            LOG.warnf("kpm.nodes cannot be read: no node is declared lost until it can be again and %s passed",
                    config.nodeTimeout());
        } else if (readable && logDown) {
            LOG.infof("kpm.nodes can be read again: node silence counts from now");
        }
        logDown = !readable;
        return readable;
    }

    synchronized void start() {
        if (timer != null) return;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kpm-scheduler-checks");
            t.setDaemon(true);
            return t;
        });
        long every = config.checkInterval().toMillis();
        timer.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    private void check() {
        // a failing check must not cancel the timer: log it and try again next time
        try {
            // a standby declares nothing: the leader does, and a standby's clock on the nodes is as good as its
            if (!jobs.leading()) return;
            Instant now = Instant.now();
            if (nodesLogReadable()) {
                failures.nodesLost(nodes.declareLost(now));
            } else {
                nodes.logUnreadable(now);
            }
            failures.launchDeadlines(now);
            failures.timeouts(now);
            debuggers.endDaemonsOfEndedTargets();
        } catch (RuntimeException e) {
            LOG.error("periodic check failed", e);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (timer != null) timer.shutdownNow();
    }
}
