package io.kpm.scheduler.proc;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kpm.schemas.events.JobFailed;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobScoped;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcLaunchFailed;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.scheduler.StartupRebuild;
import io.kpm.scheduler.jobs.Jobs;
import io.kpm.scheduler.kafka.EventPublisher;
import io.kpm.scheduler.metrics.SchedulerMetrics;

/**
 * Applies each event of kpm.proc.events (read from its start on every scheduler start, by
 * {@link io.kpm.scheduler.kafka.StateEventsConsumer}) to the leader's job book, and publishes what each job's new
 * state calls for ({@link JobProgress}).
 */
@ApplicationScoped
public class ProcEventHandler {

    private static final Logger LOG = Logger.getLogger(ProcEventHandler.class);

    @Inject
    Jobs jobs;

    @Inject
    EventPublisher publisher;

    @Inject
    SchedulerMetrics metrics;

    @Inject
    StartupRebuild startup;

    /** On the consumer's worker thread: returns once what it decided is written (awaitWritten). */
    public void onProcEvent(KpmEvent event) {
        // the rank events; anything else on the topic says nothing about a job's progress
        if (!(event instanceof ProcStarted || event instanceof ProcExited || event instanceof ProcLaunchFailed)) return;
        long pgid = ((JobScoped) event).pgid();
        startup.awaitDone();
        List<CompletableFuture<Void>> sent = jobs.locked(book -> {
            // a standby skips it: the book is rebuilt from the log, this event included, when it takes the lead
            if (!jobs.leading()) return List.<CompletableFuture<Void>>of();
            book.apply(event);
            return book.job(pgid)
                    .map(job -> {
                        List<KpmEvent> decided = JobProgress.afterProcEvent(job, publisher::meta);
                        decided.forEach(this::count);
                        return jobs.record(decided);
                    })
                    .orElse(List.of());
        });
        if (!sent.isEmpty()) publisher.awaitWritten(sent);
    }

    private void count(KpmEvent decided) {
        if (decided instanceof JobFailed f) {
            metrics.jobFailed();
            LOG.warnf("job %d failed: %s", f.pgid(), f.reason());
        } else if (decided instanceof JobFinished f) {
            metrics.jobFinished();
            LOG.infof("job %d finished with exit code %d", f.pgid(), f.exitCode());
        }
    }
}
