package io.kpm.gateway.spawn;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.SpawnCompleted;
import io.kpm.schemas.events.SpawnFailed;

/**
 * The spawn requests this gateway is waiting on, keyed by requestId, fed by the consumers. A waiter is
 * registered before its request is published, so no answer can arrive unseen.
 */
@ApplicationScoped
public class SpawnWaiters {

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

    /** A request sent again with the same id while the first is waited on shares the first's answers. */
    public Waiter register(String requestId) {
        return waiting.computeIfAbsent(requestId, id -> new Waiter());
    }

    public void remove(String requestId) {
        waiting.remove(requestId);
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
        } else if (event instanceof SpawnCompleted e) {
            Waiter w = waiting.get(e.requestId());
            if (w == null) return;
            w.accepted.complete(SpawnOutcome.Accepted.of(e));
            w.result.complete(new SpawnOutcome.Completed(e));
        } else if (event instanceof SpawnFailed e) {
            Waiter w = waiting.get(e.requestId());
            if (w == null) return;
            w.accepted.complete(new SpawnOutcome.Failed(e));
            w.result.complete(new SpawnOutcome.Failed(e));
        }
    }
}
