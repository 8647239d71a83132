package io.kpm.scheduler.kafka;

import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.kpm.scheduler.nodes.NodeEventHandler;
import io.kpm.scheduler.proc.ProcEventHandler;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.KpmEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Reads the two topics every scheduler follows from their start, kpm.proc.events and kpm.nodes, through one
 * consumer instead of one each: each consumer costs the broker a fetch and a group heartbeat every few seconds
 * and the scheduler two threads (docs/performance.md). The events of both are handled one at a time, in the
 * order of each topic, on one worker thread ({@code @Blocking}: the proc handler waits for its decisions to be
 * written). Spawn requests keep their own consumer: its group is the leadership.
 */
@ApplicationScoped
public class StateEventsConsumer {

    private static final Logger LOG = Logger.getLogger(StateEventsConsumer.class);

    @Inject
    ProcEventHandler procs;

    @Inject
    NodeEventHandler nodes;

    private Map<String, Consumer<KpmEvent>> routes;

    @PostConstruct
    void route() {
        routes = Map.of(
                Topics.PROC_EVENTS, e -> procs.onProcEvent(e),
                Topics.NODES, e -> nodes.onNodeEvent(e));
    }

    /** The topics this class knows what to do with: a guard test compares them with the channel's config. */
    Set<String> routedTopics() {
        return routes.keySet();
    }

    @Incoming("state-in")
    @Blocking
    public void onEvent(ConsumerRecord<String, KpmEvent> record) {
        // null: a record that is not a kpm event (the deserializer logged it)
        if (record.value() == null) return;
        Consumer<KpmEvent> handler = routes.get(record.topic());
        if (handler == null) {
            LOG.errorf("no handler for topic %s (offset %d): skipped", record.topic(), record.offset());
            return;
        }
        handler.accept(record.value());
    }
}
