package io.kpm.scheduler.jobs;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kpm.schemas.events.KpmEvent;
import io.kpm.scheduler.kafka.EventPublisher;

/**
 * The scheduler's one job book, the one lock around it, and whether this scheduler is the one that decides. The
 * spawn, process-event and timer handlers run on different threads; each reads the book, decides, records and
 * publishes inside {@link #locked}, so decisions never interleave and events leave in the order they were
 * decided. A standby scheduler (see {@code Leadership}) records nothing: the leader's book is rebuilt from the
 * log when it takes over, inside this same lock, so no process event falls between the rebuild and the handlers.
 */
@ApplicationScoped
public class Jobs {

    private JobBook book = new JobBook();
    private boolean leading;

    @Inject
    EventPublisher publisher;

    public synchronized <T> T locked(Function<JobBook, T> action) {
        return action.apply(book);
    }

    /** True while this scheduler is the leader: only then does it decide anything. */
    public synchronized boolean leading() {
        return leading;
    }

    /**
     * Applies the events to the book and publishes them, as one Kafka transaction. The leader is the only writer
     * of kpm.jobs, so its own decisions go into the book at once instead of being read back. A standby decides
     * nothing: its decisions are dropped, unrecorded. Call inside {@link #locked}.
     */
    public List<CompletableFuture<Void>> record(List<KpmEvent> events) {
        if (!Thread.holdsLock(this)) throw new IllegalStateException("Jobs.record must be called inside locked()");
        if (!leading || events.isEmpty()) return List.of();
        events.forEach(book::apply);
        return List.of(publisher.publishAll(events));
    }

    /**
     * Becomes the leader on a book rebuilt from the log: {@code rebuild} reads the log into the fresh book (which
     * happens under the lock, so every handler waits for it), then this scheduler decides from it.
     */
    public synchronized void lead(Consumer<JobBook> rebuild) {
        JobBook fresh = new JobBook();
        rebuild.accept(fresh);
        book = fresh;
        leading = true;
    }

    /** Stops deciding; the book is rebuilt from the log when this scheduler leads again. */
    public synchronized void standBy() {
        leading = false;
    }
}
