package io.kpm.gateway.spawn;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kpm.gateway.jobs.Job;
import io.kpm.gateway.jobs.JobViews;

import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.JobScoped;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.SpawnCompleted;
import io.kpm.schemas.events.SpawnFailed;

/**
 * The spawn requests this gateway is waiting on, keyed by requestId, fed by the consumers. A waiter is
 * registered before its request is published, so no answer can arrive unseen.
 *
 * <p>A spawn is answered once every rank started (docs/performance.md, "answered once started"): the agents'
 * ProcStarted records say so one Kafka passage before the scheduler's SpawnCompleted, so once JobAccepted named
 * the request's pgid, its JobPlaced and each proc event of that job check the job's view. The consumers of kpm.jobs and
 * kpm.proc.events run concurrently; both check after applying their event, so the later of the two sees all.
 */
@ApplicationScoped
public class SpawnWaiters {

    private final JobViews jobs;

    @Inject
    public SpawnWaiters(JobViews jobs) {
        this.jobs = jobs;
    }

    /** The two answers a request can wait for. */
    public static final class Waiter {
        /** JobAccepted (or SpawnCompleted, which implies it) or SpawnFailed, whichever comes first. */
        final CompletableFuture<SpawnOutcome> accepted = new CompletableFuture<>();
        /** JobAccepted seen; the job then exists in the views. */
        final CompletableFuture<SpawnOutcome.Accepted> jobKnown = new CompletableFuture<>();
        /** SpawnCompleted or SpawnFailed. */
        final CompletableFuture<SpawnOutcome> result = new CompletableFuture<>();
    }

    private final ConcurrentMap<String, Waiter> waiting = new ConcurrentHashMap<>();
    /** pgid -> the waiter of the request that became it, from its JobAccepted until the waiter is removed */
    private final ConcurrentMap<Long, Waiter> startWatched = new ConcurrentHashMap<>();

    /** A request sent again with the same id while the first is waited on shares the first's answers. */
    public Waiter register(String requestId) {
        return waiting.computeIfAbsent(requestId, id -> new Waiter());
    }

    public void remove(String requestId) {
        Waiter w = waiting.remove(requestId);
        if (w != null && w.jobKnown.isDone()) startWatched.remove(w.jobKnown.join().pgid(), w);
    }

    public int size() {
        return waiting.size();
    }

    /** Called by the consumers after the event was applied to the views. */
    public void onEvent(KpmEvent event) {
        if (event instanceof JobAccepted e && e.requestId() != null) {
            Waiter w = waiting.get(e.requestId());
            if (w == null) return;
            w.jobKnown.complete(SpawnOutcome.Accepted.of(e));
            w.accepted.complete(SpawnOutcome.Accepted.of(e));
            startWatched.put(e.pgid(), w);
            completeIfAllStarted(e.pgid(), w);
        } else if (event instanceof ProcStarted || event instanceof ProcExited || event instanceof JobPlaced) {
            long pgid = ((JobScoped) event).pgid();
            Waiter w = startWatched.get(pgid);
            if (w != null) completeIfAllStarted(pgid, w);
        } else if (event instanceof SpawnCompleted e) {
            Waiter w = waiting.get(e.requestId());
            if (w == null) return;
            w.accepted.complete(SpawnOutcome.Accepted.of(e));
            w.result.complete(SpawnOutcome.Completed.of(e));
        } else if (event instanceof SpawnFailed e) {
            Waiter w = waiting.get(e.requestId());
            if (w == null) return;
            w.accepted.complete(new SpawnOutcome.Failed(e));
            w.result.complete(new SpawnOutcome.Failed(e));
        }
    }

    private void completeIfAllStarted(long pgid, Waiter w) {
        if (w.result.isDone()) return;
        jobs.find(pgid).filter(Job::allRanksStarted)
                .ifPresent(job -> w.result.complete(SpawnOutcome.Completed.allStarted(pgid, job.kvsname(), job.size())));
    }
}
