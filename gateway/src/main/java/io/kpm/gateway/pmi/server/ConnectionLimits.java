package io.kpm.gateway.pmi.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open PMI connections, in all and per peer address: a connection over either limit is refused at once, so that
 * nobody can hold the gateway's sockets, buffers and file descriptors. A node's ranks all come from its address,
 * so the per-peer limit must cover the most ranks a node runs.
 */
final class ConnectionLimits {

    private final int total;
    private final int perPeer;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, AtomicInteger> byPeer = new ConcurrentHashMap<>();

    ConnectionLimits(int total, int perPeer) {
        this.total = total;
        this.perPeer = perPeer;
    }

    /** @return null when the connection may stay (call {@link #closed} when it ends), else why not */
    String open(String peer) {
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            return "too many PMI connections (" + total + ")";
        }
        AtomicInteger mine = byPeer.computeIfAbsent(peer, p -> new AtomicInteger());
        if (mine.incrementAndGet() > perPeer) {
            mine.decrementAndGet();
            open.decrementAndGet();
            return "too many PMI connections from " + peer + " (" + perPeer + ")";
        }
        return null;
    }

    void closed(String peer) {
        open.decrementAndGet();
        byPeer.computeIfPresent(peer, (p, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    int open() {
        return open.get();
    }
}
