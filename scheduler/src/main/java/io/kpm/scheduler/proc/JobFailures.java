package io.kpm.scheduler.proc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kpm.scheduler.SchedulerConfig;
import io.kpm.scheduler.jobs.Job;
import io.kpm.scheduler.jobs.Jobs;
import io.kpm.scheduler.kafka.EventPublisher;
import io.kpm.scheduler.metrics.SchedulerMetrics;
import io.kpm.schemas.events.JobAborted;
import io.kpm.schemas.events.JobFailed;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.NodeRegistered;

/**
 * Fails the live jobs that cannot end well, each by a pure decision of {@link JobProgress}: ranks not all started
 * within kpm.scheduler.launch-deadline ({@link JobProgress#afterLaunchDeadline}), a rank on a node just declared
 * lost ({@link JobProgress#afterNodeLost}), or a rank started by an earlier run of an agent that registered again
 * ({@link JobProgress#afterAgentRestart}); and aborts those past their own time limit
 * ({@link JobProgress#afterTimeout}). Waiting for such a job would hang whoever waits for it.
 */
@ApplicationScoped
public class JobFailures {

    private static final Logger LOG = Logger.getLogger(JobFailures.class);

    @Inject
    SchedulerConfig config;

    @Inject
    Jobs jobs;

    @Inject
    EventPublisher publisher;

    @Inject
    SchedulerMetrics metrics;

    /** Jobs past their own time limit are aborted. */
    public void timeouts(Instant now) {
        decide(job -> JobProgress.afterTimeout(job, now, publisher::meta));
    }

    public void launchDeadlines(Instant now) {
        decide(job -> JobProgress.afterLaunchDeadline(job, now, config.launchDeadline(), publisher::meta));
    }

    public void nodesLost(List<String> nodeIds) {
        String why = "no heartbeat for " + config.nodeTimeout().toSeconds() + " s";
        for (String nodeId : nodeIds) decide(job -> JobProgress.afterNodeLost(job, nodeId, why, publisher::meta));
    }

    /** A node registered: jobs with ranks an earlier run of its agent started have failed. */
    public void registered(NodeRegistered registration) {
        decide(job -> JobProgress.afterAgentRestart(job, registration.nodeId(), registration.agentRun(), publisher::meta));
    }

    private void decide(Function<Job, List<KpmEvent>> decision) {
        List<CompletableFuture<Void>> sent = jobs.locked(book -> {
            List<CompletableFuture<Void>> out = new ArrayList<>();
            for (Job job : book.liveJobs()) {
                List<KpmEvent> events = decision.apply(job);
                if (events.isEmpty()) continue;
                if (events.get(0) instanceof JobFailed failed) {
                    LOG.warnf("job %d failed: %s", job.pgid(), failed.reason());
                    metrics.jobFailed();
                } else if (events.get(0) instanceof JobAborted aborted) {
                    LOG.warnf("job %d aborted: %s", job.pgid(), aborted.reason());
                    metrics.jobAborted();
                }
                out.addAll(jobs.record(events));
            }
            return out;
        });
        if (!sent.isEmpty()) publisher.awaitWritten(sent);
    }
}
