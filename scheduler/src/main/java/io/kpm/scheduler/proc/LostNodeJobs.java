package io.kpm.scheduler.proc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kpm.scheduler.SchedulerConfig;
import io.kpm.scheduler.jobs.Job;
import io.kpm.scheduler.jobs.Jobs;
import io.kpm.scheduler.kafka.EventPublisher;
import io.kpm.scheduler.metrics.SchedulerMetrics;
import io.kpm.schemas.events.JobFailed;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.NodeRegistered;

/**
 * Fails every live job with a rank on a node just declared lost ({@link JobProgress#afterNodeLost}), or whose
 * agent registered again with another run ({@link JobProgress#afterAgentRestart}): its ranks there are gone or out
 * of reach, so the job cannot end well, and waiting for it would hang its launcher.
 */
@ApplicationScoped
public class LostNodeJobs {

    private static final Logger LOG = Logger.getLogger(LostNodeJobs.class);

    @Inject
    SchedulerConfig config;

    @Inject
    Jobs jobs;

    @Inject
    EventPublisher publisher;

    @Inject
    SchedulerMetrics metrics;

    public void nodesLost(List<String> nodeIds) {
        if (nodeIds.isEmpty()) return;
        String why = "no heartbeat for " + config.nodeTimeout().toSeconds() + " s";
        decide(nodeIds, (job, nodeId) -> JobProgress.afterNodeLost(job, nodeId, why, publisher::meta));
    }

    /** A node registered: jobs with ranks an earlier run of its agent started have failed. */
    public void registered(NodeRegistered registration) {
        decide(List.of(registration.nodeId()), (job, nodeId) ->
                JobProgress.afterAgentRestart(job, nodeId, registration.agentRun(), publisher::meta));
    }

    private void decide(List<String> nodeIds, BiFunction<Job, String, List<KpmEvent>> decision) {
        List<CompletableFuture<Void>> sent = jobs.locked(book -> {
            List<CompletableFuture<Void>> out = new ArrayList<>();
            for (String nodeId : nodeIds) {
                for (Job job : book.liveJobs()) {
                    List<KpmEvent> events = decision.apply(job, nodeId);
                    if (events.isEmpty()) continue;
                    LOG.warnf("job %d failed: %s", job.pgid(), ((JobFailed) events.get(0)).reason());
                    metrics.jobFailed();
                    out.addAll(jobs.record(events));
                }
            }
            return out;
        });
        if (!sent.isEmpty()) publisher.awaitWritten(sent);
    }
}
