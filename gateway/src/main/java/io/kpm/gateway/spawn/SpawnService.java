package io.kpm.gateway.spawn;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kpm.gateway.GatewayConfig;
import io.kpm.gateway.kafka.EventPublisher;
import io.kpm.schemas.events.SpawnRequested;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/** Publishes a spawn request and waits, without blocking a thread, for the scheduler's answer. */
@ApplicationScoped
public class SpawnService {

    private static final Logger LOG = Logger.getLogger(SpawnService.class);

    @Inject
    EventPublisher publisher;

    @Inject
    SpawnWaiters waiters;

    @Inject
    GatewayConfig config;

    @Inject
    MeterRegistry metrics;

    /**
     * Publishes the request and waits for the scheduler. The request carries a deadline a little before this
     * gateway gives up on it ({@link #deadlineMargin}): a request the scheduler reads later is refused, never run,
     * so a requester told "timed out" can rely on it. Once the job is accepted, the wait for its start is ended by
     * the scheduler's launch deadline (SpawnCompleted or SpawnFailed); only if the scheduler is gone does the
     * spawn timeout end it again, as {@link SpawnOutcome.StartTimedOut} naming the job, which may still start.
     *
     * @param untilStarted true: until SpawnCompleted/SpawnFailed (and the job is in the views); false: until the
     *                     scheduler accepted (JobAccepted) or refused it
     */
    public Uni<SpawnOutcome> spawn(SpawnRequested request, boolean untilStarted) {
        return spawn(request, untilStarted, null);
    }

    /** @param within the caller's own limit (PMIx's PMIX_TIMEOUT), null: the gateway's; the shorter one applies */
    public Uni<SpawnOutcome> spawn(SpawnRequested request, boolean untilStarted, Duration within) {
        String id = request.requestId();
        Duration timeout = within != null && within.compareTo(config.spawnTimeout()) < 0 ? within : config.spawnTimeout();
        SpawnRequested withDeadline = request.withDeadline(Instant.now().plus(timeout).minus(deadlineMargin(timeout)));
        SpawnWaiters.Waiter waiter = waiters.register(id);
        return Uni.createFrom().completionStage(() -> publisher.publish(withDeadline))
                .onItem().transformToUni(written -> Uni.createFrom().completionStage(acceptance(waiter)))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("cannot publish spawn request %s: %s", id, e.getMessage());
                    return new SpawnOutcome.NotPublished(e.getMessage());
                })
                .ifNoItem().after(timeout).recoverWithItem(() -> new SpawnOutcome.TimedOut(id, timeout))
                .onItem().transformToUni(outcome -> untilStarted && outcome instanceof SpawnOutcome.Accepted accepted
                        ? Uni.createFrom().completionStage(completion(waiter))
                                // the scheduler's launch deadline ends it first, unless the scheduler is gone
                                .ifNoItem().after(timeout)
                                .recoverWithItem(() -> new SpawnOutcome.StartTimedOut(accepted.pgid(), timeout))
                        : Uni.createFrom().item(outcome))
                .onItem().invoke(outcome -> metrics.counter("kpm_gateway_spawns",
                        "outcome", outcome.getClass().getSimpleName().toLowerCase()).increment())
                .onTermination().invoke(() -> waiters.remove(id));
    }

    /**
     * How much earlier than this gateway's timeout the scheduler's cut-off is: time for its JobAccepted to come
     * back through Kafka, so an accepted request is never reported as timed out.
     */
    static Duration deadlineMargin(Duration timeout) {
        Duration fifth = timeout.dividedBy(5);
        return fifth.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : fifth;
    }

    /** Accepted is answered once the job's JobAccepted is in the views (a SpawnCompleted may come first). */
    private static CompletionStage<SpawnOutcome> acceptance(SpawnWaiters.Waiter waiter) {
        return waiter.accepted.thenCompose(a -> a instanceof SpawnOutcome.Accepted
                ? waiter.jobKnown.thenApply(known -> (SpawnOutcome) known)
                : CompletableFuture.completedFuture(a));
    }

    /** SpawnCompleted is answered only once the job's JobAccepted (another topic) is in the views too. */
    private static CompletionStage<SpawnOutcome> completion(SpawnWaiters.Waiter waiter) {
        return waiter.result.thenCompose(r -> r instanceof SpawnOutcome.Completed
                ? waiter.jobKnown.thenApply(known -> r)
                : CompletableFuture.completedFuture(r));
    }
}
