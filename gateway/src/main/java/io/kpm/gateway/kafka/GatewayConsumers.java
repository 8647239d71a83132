package io.kpm.gateway.kafka;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.kpm.gateway.jobs.JobViews;
import io.kpm.gateway.jobs.PmiLogs;
import io.kpm.gateway.nodes.NodeViews;
import io.kpm.gateway.pmi.server.GatewayPmiBackend;
import io.kpm.gateway.spawn.SpawnWaiters;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.PmiExchange;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Feeds the views and the spawn waiters from the topics the gateway reads. Each event is applied to the views
 * before waiters hear of it, so that whoever is answered finds the job already there.
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
    PmiLogs pmiLogs;

    @Inject
    CatchUp catchUp;

    @Inject
    MeterRegistry metrics;

    @Incoming("jobs-in")
    public CompletionStage<Void> onJobEvent(Message<KpmEvent> message) {
        return consume(message, e -> {
            // the PMI groups before the views: a spawn is answered once the views show its placement and every
            // rank started (SpawnWaiters, also from the proc-events consumer), and a spawned rank's group (its
            // KVS, PMI_process_mapping) must exist by then
            pmi.onEvent(e);
            jobs.apply(e);
            waiters.onEvent(e);
        });
    }

    @Incoming("proc-events-in")
    public CompletionStage<Void> onProcEvent(Message<KpmEvent> message) {
        return consume(message, e -> {
            jobs.apply(e);
            pmi.onEvent(e);
            // a spawn is answered once its ranks started (SpawnWaiters)
            waiters.onEvent(e);
        });
    }

    @Incoming("spawn-results-in")
    public CompletionStage<Void> onSpawnResult(Message<KpmEvent> message) {
        return consume(message, e -> {
            jobs.apply(e);
            waiters.onEvent(e);
        });
    }

    /** Spawn requests and aborts join the event log of the job they came from and of the job they made. */
    @Incoming("spawn-requests-in")
    public CompletionStage<Void> onSpawnRequest(Message<KpmEvent> message) {
        return consume(message, jobs::apply);
    }

    @Incoming("output-in")
    public CompletionStage<Void> onOutput(Message<KpmEvent> message) {
        return consume(message, jobs::apply);
    }

    @Incoming("pmi-audit-in")
    public CompletionStage<Void> onPmiExchange(Message<KpmEvent> message) {
        return consume(message, e -> {
            if (e instanceof PmiExchange exchange) pmiLogs.apply(exchange);
        });
    }

    @Incoming("nodes-in")
    public CompletionStage<Void> onNodeEvent(Message<KpmEvent> message) {
        return consume(message, nodes::apply);
    }

    private CompletionStage<Void> consume(Message<KpmEvent> message, Consumer<KpmEvent> apply) {
        KpmEvent event = message.getPayload();
        var kafka = message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        // null: a record that is not a kpm event (the deserializer logged it); skip it, keep reading
        if (event != null) {
            try {
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
