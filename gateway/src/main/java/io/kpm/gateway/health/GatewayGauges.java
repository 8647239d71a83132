package io.kpm.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.kpm.gateway.jobs.JobViews;
import io.kpm.gateway.spawn.SpawnWaiters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * The gateway's own gauges in {@code /q/metrics}. The Kafka clients' meters come from Quarkus' Kafka binder, the
 * HTTP and JVM meters from quarkus-micrometer; the counters and timers are registered where they count.
 */
@ApplicationScoped
public class GatewayGauges {

    @Inject
    MeterRegistry registry;

    @Inject
    JobViews jobs;

    @Inject
    SpawnWaiters waiters;

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("kpm_gateway_jobs", jobs, JobViews::knownJobs)
                .description("jobs the gateway knows").register(registry);
        Gauge.builder("kpm_gateway_spawns_waiting", waiters, SpawnWaiters::size)
                .description("spawn requests waiting for the scheduler").register(registry);
    }
}
