package io.kpm.gateway.kafka;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.kpm.gateway.jobs.JobViews;
import io.kpm.gateway.nodes.NodeViews;
import io.kpm.gateway.pmi.server.GatewayPmiBackend;
import io.kpm.gateway.spawn.SpawnWaiters;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.KpmEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Feeds the views and the spawn waiters from the topics the gateway reads, through two consumers instead of one
 * per topic: {@code events-in} reads the control topics (jobs, proc events, spawn results and requests, nodes),
 * {@code streams-in} the bulky one (rank output), so that a rank printing megabytes never stands between a spawn
 * and its answer. The PMI audit is not read here but when asked ({@link PmiLogReader}). Each consumer costs the
 * broker a fetch every few seconds and the gateway two threads and its buffers (docs/performance.md). Within a
 * consumer the events of all its topics are applied one at a time, and each event is applied to the views before
 * waiters hear of it, so that whoever is answered finds the job already there.
 */
@ApplicationScoped
public class GatewayConsumers {

    private static final Logger LOG = Logger.getLogger(GatewayConsumers.class);

    @Inject
    JobViews jobs;

    @Inject
    NodeViews nodes;

    @Inject
    SpawnWaiters waiters;

    @Inject
    GatewayPmiBackend pmi;

    @Inject
    CatchUp catchUp;

    @Inject
    MeterRegistry metrics;

    private Map<String, Consumer<KpmEvent>> routes;

    @PostConstruct
    void route() {
        routes = Map.of(
                Topics.JOBS, e -> {
                    // the PMI groups before the views: a spawn is answered once the views show its placement and
                    // every rank started (SpawnWaiters), and a spawned rank's group (its KVS,
                    // PMI_process_mapping) must exist by then
                    pmi.onEvent(e);
                    jobs.apply(e);
                    waiters.onEvent(e);
                },
                Topics.PROC_EVENTS, e -> {
                    jobs.apply(e);
                    pmi.onEvent(e);
                    // a spawn is answered once its ranks started (SpawnWaiters)
                    waiters.onEvent(e);
                },
                Topics.SPAWN_RESULTS, e -> {
                    jobs.apply(e);
                    waiters.onEvent(e);
                },
                // spawn requests and aborts join the event log of the job they came from and of the job they made
                Topics.SPAWN_REQUESTS, e -> jobs.apply(e),
                Topics.NODES, e -> nodes.apply(e),
                Topics.PROC_OUTPUT, e -> jobs.apply(e));
    }

    /** The topics this class knows what to do with: a guard test compares them with the channels' config. */
    Set<String> routedTopics() {
        return routes.keySet();
    }

    @Incoming("events-in")
    public CompletionStage<Void> onEvent(Message<KpmEvent> message) {
        return consume(message);
    }

    @Incoming("streams-in")
    public CompletionStage<Void> onStream(Message<KpmEvent> message) {
        return consume(message);
    }

    private CompletionStage<Void> consume(Message<KpmEvent> message) {
        KpmEvent event = message.getPayload();
        var kafka = message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        // null: a record that is not a kpm event (the deserializer logged it); skip it, keep reading
        if (event != null && kafka != null) {
            Consumer<KpmEvent> apply = routes.get(kafka.getTopic());
            try {
                if (apply == null) throw new IllegalStateException("no route for topic " + kafka.getTopic());
                apply.accept(event);
            } catch (RuntimeException e) {
                // one event we cannot apply must not stop the channel (and every job after it)
                LOG.errorf(e, "cannot apply %s %s", event.typeName(), event.meta().eventId());
            }
        }
        if (kafka != null) {
            metrics.counter("kpm_gateway_events_consumed", "topic", kafka.getTopic()).increment();
            catchUp.processed(kafka.getTopic(), kafka.getPartition(), kafka.getOffset());
        }
        return message.ack();
    }
}
