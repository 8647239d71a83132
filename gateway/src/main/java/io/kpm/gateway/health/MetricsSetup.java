package io.kpm.gateway.health;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kpm.gateway.jobs.JobViews;
import io.kpm.gateway.spawn.SpawnWaiters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/** The gateway's own gauges and the Kafka producer's metrics, registered once the channels run. */
@ApplicationScoped
public class MetricsSetup {

    private static final Logger LOG = Logger.getLogger(MetricsSetup.class);

    @Inject
    PrometheusMeterRegistry registry;

    @Inject
    JobViews jobs;

    @Inject
    SpawnWaiters waiters;

    @Inject
    KafkaClientService kafkaClients;

    /** After the messaging channels started (priority 1000), so that the producer exists. */
    void onStart(@Observes @Priority(2000) StartupEvent event) {
        Gauge.builder("kpm_gateway_jobs", jobs, JobViews::knownJobs)
                .description("jobs the gateway knows").register(registry);
        Gauge.builder("kpm_gateway_spawns_waiting", waiters, SpawnWaiters::size)
                .description("spawn requests waiting for the scheduler").register(registry);
        try {
            // the producer is thread-safe, so its metrics may be read from the scrape thread
            new KafkaClientMetrics(kafkaClients.getProducer("events-out").unwrap()).bindTo(registry);
        } catch (RuntimeException e) {
            LOG.warnf("no Kafka producer metrics: %s", e.getMessage());
        }
    }
}
