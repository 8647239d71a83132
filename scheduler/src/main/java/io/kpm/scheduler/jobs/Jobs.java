package io.kpm.scheduler.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kpm.schemas.events.KpmEvent;
import io.kpm.scheduler.kafka.EventPublisher;

/**
 * The scheduler's one job book and the one lock around it. The spawn, process-event and timer handlers run on
 * different threads; each reads the book, decides, records and publishes inside {@link #locked}, so decisions
 * never interleave and events leave in the order they were decided.
 */
@ApplicationScoped
public class Jobs {

    private final JobBook book = new JobBook();

    @Inject
    EventPublisher publisher;

    public synchronized <T> T locked(Function<JobBook, T> action) {
        return action.apply(book);
    }

    /**
     * Applies the events to the book and publishes them. The scheduler is the only writer of kpm.jobs, so its
     * own decisions go into the book at once instead of being read back. Call inside {@link #locked}.
     */
    public List<CompletableFuture<Void>> record(List<KpmEvent> events) {
        if (!Thread.holdsLock(this)) throw new IllegalStateException("Jobs.record must be called inside locked()");
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (KpmEvent event : events) {
            book.apply(event);
            sent.add(publisher.publish(event));
        }
        return sent;
    }

    /** For the startup rebuild, before any handler runs. */
    public synchronized void replay(KpmEvent event) {
        book.apply(event);
    }
}
