package io.kpm.scheduler.health;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.kpm.scheduler.StartupRebuild;
import io.kpm.scheduler.leader.Leadership;

/**
 * Readiness ({@code /q/health/ready}, next to the Kafka checks of the extensions): the startup rebuild is done.
 * A standby is ready too, since being ready to take over is its job; the check's {@code role} (leader or
 * standby) says which one this is (bench/faults and e2e's SchedulerFailoverTest read it).
 */
@Readiness
@ApplicationScoped
public class LeadershipReadiness implements HealthCheck {

    static final String NAME = "startup-rebuild";

    @Inject
    StartupRebuild startup;

    @Inject
    Leadership leadership;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME)
                .status(startup.isDone())
                .withData("from", "kpm.nodes; kpm.jobs, kpm.proc.events, kpm.spawn.results on taking the lead")
                .withData("role", leadership.role())
                .build();
    }
}
