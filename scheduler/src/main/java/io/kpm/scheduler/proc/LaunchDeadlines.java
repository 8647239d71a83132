package io.kpm.scheduler.proc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kpm.schemas.events.JobFailed;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.scheduler.SchedulerConfig;
import io.kpm.scheduler.jobs.Job;
import io.kpm.scheduler.jobs.Jobs;
import io.kpm.scheduler.kafka.EventPublisher;
import io.kpm.scheduler.metrics.SchedulerMetrics;

/** Fails every live job whose ranks did not all start within kpm.scheduler.launch-deadline. */
@ApplicationScoped
public class LaunchDeadlines {

    private static final Logger LOG = Logger.getLogger(LaunchDeadlines.class);

    @Inject
    SchedulerConfig config;

    @Inject
    Jobs jobs;

    @Inject
    EventPublisher publisher;

    @Inject
    SchedulerMetrics metrics;

    public void check(Instant now) {
        List<CompletableFuture<Void>> sent = jobs.locked(book -> {
            List<CompletableFuture<Void>> out = new ArrayList<>();
            for (Job job : book.liveJobs()) {
                List<KpmEvent> events = JobProgress.afterLaunchDeadline(job, now, config.launchDeadline(),
                        publisher::meta);
                if (events.isEmpty()) continue;
                LOG.warnf("job %d failed: %s", job.pgid(), ((JobFailed) events.get(0)).reason());
                metrics.jobFailed();
                out.addAll(jobs.record(events));
            }
            return out;
        });
        if (!sent.isEmpty()) publisher.awaitWritten(sent);
    }
}
