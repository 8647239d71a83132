package io.kpm.gateway.kafka;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Knows whether the consumers have read, at least once, everything that was on their topics when the gateway
 * started. Until then the views may miss events of old jobs (the topics are read concurrently), so streams of
 * ended jobs wait for it and readiness reports DOWN.
 */
@ApplicationScoped
public class CatchUp {

    /** Fired once, when every consumed partition reached its end offset of the start. */
    public record CaughtUp() {
    }

    private static final Logger LOG = Logger.getLogger(CatchUp.class);

    private final Map<TopicPartition, Long> processed = new ConcurrentHashMap<>();
    private volatile Map<TopicPartition, Long> targets;
    private volatile boolean caughtUp;

    @Inject
    Event<CaughtUp> caughtUpEvent;

    public boolean isCaughtUp() {
        return caughtUp;
    }

    /** The end offsets at start: the positions the consumers must pass before the views are complete. */
    public void setTargets(Map<TopicPartition, Long> endOffsets) {
        targets = Map.copyOf(endOffsets);
        check();
    }

    /** Called by a consumer after it applied the record at {@code offset}. */
    public void processed(String topic, int partition, long offset) {
        processed.merge(new TopicPartition(topic, partition), offset, Math::max);
        if (!caughtUp) check();
    }

    /** Whether the consumers applied every record before these end offsets (taken from the broker just now). */
    public boolean reached(Map<TopicPartition, Long> ends) {
        for (var e : ends.entrySet()) {
            if (e.getValue() > 0 && processed.getOrDefault(e.getKey(), -1L) < e.getValue() - 1) return false;
        }
        return true;
    }

    /** What is still missing, for the health check. */
    public Map<String, String> progress() {
        Map<TopicPartition, Long> t = targets;
        Map<String, String> out = new TreeMap<>();
        if (t == null) return out;
        t.forEach((tp, end) -> out.put(tp.toString(), (processed.getOrDefault(tp, -1L) + 1) + "/" + end));
        return out;
    }

    private void check() {
        Map<TopicPartition, Long> t = targets;
        if (t == null) return;
        for (var e : t.entrySet()) {
            // target = one past the last committed record at start (KafkaAdmin.endOffsets skips transaction markers;
            // neither retention nor compaction removes the last record)
            if (e.getValue() > 0 && processed.getOrDefault(e.getKey(), -1L) < e.getValue() - 1) return;
        }
        synchronized (this) {
            if (caughtUp) return;
            caughtUp = true;
        }
        LOG.infof("caught up with %d partitions of kpm topics", t.size());
        caughtUpEvent.fire(new CaughtUp());
    }
}
