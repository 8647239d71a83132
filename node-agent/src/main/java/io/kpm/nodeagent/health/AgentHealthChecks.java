package io.kpm.nodeagent.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import io.kpm.nodeagent.config.NodeIdentity;
import io.kpm.nodeagent.launch.LaunchConsumer;
import io.kpm.nodeagent.presence.Presence;
import io.kpm.nodeagent.process.RunningRanks;
import io.kpm.schemas.Topics;

/**
 * The agent's own checks in {@code /q/health}. Live: the agent runs (with its node id and running ranks). Ready:
 * it registered its node and holds its kpm.launch partition; that Kafka answers is the Kafka extension's check.
 */
@ApplicationScoped
public class AgentHealthChecks {

    @Inject
    NodeIdentity node;
    @Inject
    Presence presence;
    @Inject
    LaunchConsumer launchConsumer;
    @Inject
    RunningRanks running;

    @Produces
    @Liveness
    HealthCheck agent() {
        return () -> HealthCheckResponse.named("node-agent").up()
                .withData("nodeId", node.nodeId())
                .withData("runningRanks", running.count())
                .build();
    }

    @Produces
    @Readiness
    HealthCheck registered() {
        return () -> HealthCheckResponse.named("node-registered").status(presence.isRegistered())
                .withData("nodeId", node.nodeId())
                .build();
    }

    @Produces
    @Readiness
    HealthCheck launchConsumer() {
        return () -> HealthCheckResponse.named("launch-consumer").status(launchConsumer.isAssigned())
                .withData("topic", Topics.LAUNCH)
                .build();
    }
}
