package io.kpm.gateway.pmi.handlers;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts the unknown PMI ids each peer presents. A PMI id is a 31-bit secret (MPICH's clients carry no more), so
 * guessing is bounded here instead: a peer that presented {@code limit} unknown ids within {@code window} is
 * refused identification until that window has passed. Real ranks never present an unknown id.
 */
public final class UnknownIds {

    /** At most this many peers are tracked: an attacker cycling source addresses cannot grow the table forever. */
    static final int MAX_PEERS = 10_000;

    private final int limit;
    private final long windowNanos;
    private final LongSupplier clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public UnknownIds(int limit, Duration window) {
        this(limit, window, System::nanoTime);
    }

    UnknownIds(int limit, Duration window, LongSupplier clock) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.clock = clock;
    }

    /** Whether this peer may try to identify now. */
    public boolean allowed(String peer) {
        Deque<Long> times = failures.get(peer);
        if (times == null) return true;
        synchronized (times) {
            prune(times);
            return times.size() < limit;
        }
    }

    /** The peer presented an id nobody has. */
    public void failed(String peer) {
        if (failures.size() >= MAX_PEERS && !failures.containsKey(peer)) {
            failures.values().removeIf(times -> {
                synchronized (times) {
                    prune(times);
                    return times.isEmpty();
                }
            });
        }
        Deque<Long> times = failures.computeIfAbsent(peer, p -> new ArrayDeque<>());
        synchronized (times) {
            prune(times);
            if (times.size() < limit) times.addLast(clock.getAsLong());
        }
    }

    private void prune(Deque<Long> times) {
        long now = clock.getAsLong();
        while (!times.isEmpty() && now - times.peekFirst() > windowNanos) times.removeFirst();
    }
}
