package io.kpm.scheduler.debug;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kpm.schemas.events.KpmEvent;
import io.kpm.scheduler.jobs.Job;
import io.kpm.scheduler.jobs.Jobs;
import io.kpm.scheduler.kafka.EventPublisher;

/**
 * Ends the debugger daemons whose target ended ({@link DaemonsEnd}), on the leader's periodic check: within one
 * check interval of the target's end, and also for targets that ended while no scheduler led (the check runs on the
 * rebuilt book).
 */
@ApplicationScoped
public class DebuggerReaper {

    private static final Logger LOG = Logger.getLogger(DebuggerReaper.class);

    @Inject
    Jobs jobs;

    @Inject
    EventPublisher publisher;

    public void endDaemonsOfEndedTargets() {
        List<CompletableFuture<Void>> sent = jobs.locked(book -> {
            List<CompletableFuture<Void>> out = new ArrayList<>();
            for (Job job : book.liveJobs()) {
                Optional<Long> target = DaemonsEnd.targetOf(job);
                if (target.isEmpty()) continue;
                List<KpmEvent> events = DaemonsEnd.afterTarget(job, book.job(target.get()), publisher::meta);
                if (events.isEmpty()) continue;
                LOG.infof("job %d: debugger daemons of job %d end with it", job.pgid(), target.get());
                out.addAll(jobs.record(events));
            }
            return out;
        });
        if (!sent.isEmpty()) publisher.awaitWritten(sent);
    }
}
