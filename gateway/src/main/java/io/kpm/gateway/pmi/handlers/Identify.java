package io.kpm.gateway.pmi.handlers;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.kpm.gateway.pmi.command.PmiResponse;
import io.kpm.gateway.pmi.group.Member;

/**
 * Finds the rank a connection claims to be. A rank may connect before the gateway consumed its JobPlaced, so an
 * unknown one is looked for again until the gateway has read kpm.jobs up to now (then it is nobody's), and at
 * most for the identify wait.
 */
final class Identify {

    private static final long POLL_MS = 50;

    private Identify() {
    }

    /** An id nobody has: counted against the peer, answered without repeating it. */
    static PmiResponse unknown(PmiBackend backend, PmiSession session) {
        backend.unknownIds().failed(session.peer());
        return new PmiResponse.Refused("unknown PMI_ID");
    }

    static PmiResponse tooManyUnknown(PmiSession session) {
        return new PmiResponse.Refused("too many unknown PMI_IDs from " + session.peer() + ": refused for a while");
    }

    /**
     * Completes with the member; empty once {@code readToNow} completed and it is still unknown (the gateway has
     * read every placement written before the rank connected), or at the latest after {@code wait}.
     */
    static CompletableFuture<Optional<Member>> await(Supplier<Optional<Member>> finder, Duration wait,
            Supplier<CompletionStage<Void>> readToNow) {
        CompletableFuture<Optional<Member>> result = new CompletableFuture<>();
        Optional<Member> now = finder.get();
        if (now.isPresent()) {
            result.complete(now);
            return result;
        }
        readToNow.get().whenComplete((read, failure) -> {
            // Kafka could not say where kpm.jobs ends: fall back to waiting out the identify wait
            if (failure == null) result.complete(finder.get());
        });
        poll(finder, System.nanoTime() + wait.toNanos(), result);
        return result;
    }

    private static void poll(Supplier<Optional<Member>> finder, long deadline, CompletableFuture<Optional<Member>> result) {
        if (result.isDone()) return;
        Optional<Member> found = finder.get();
        if (found.isPresent() || System.nanoTime() >= deadline) {
            result.complete(found);
            return;
        }
        CompletableFuture.delayedExecutor(POLL_MS, TimeUnit.MILLISECONDS)
                .execute(() -> poll(finder, deadline, result));
    }
}
