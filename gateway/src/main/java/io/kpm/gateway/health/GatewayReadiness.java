package io.kpm.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.kpm.gateway.kafka.CatchUp;
import io.kpm.gateway.pmi.server.PmiServer;

/**
 * The gateway's own readiness checks in {@code /q/health/ready}: its consumers read what was on the topics at
 * start, and the PMI port is bound. That Kafka answers is the Kafka extension's check, next to these.
 */
@ApplicationScoped
public class GatewayReadiness {

    @Inject
    CatchUp catchUp;

    @Inject
    PmiServer pmi;

    @Produces
    @Readiness
    HealthCheck consumers() {
        return () -> {
            HealthCheckResponseBuilder check = HealthCheckResponse.named("consumers").status(catchUp.isCaughtUp());
            catchUp.progress().forEach(check::withData);
            return check.build();
        };
    }

    @Produces
    @Readiness
    HealthCheck pmiPort() {
        return () -> {
            int port = pmi.boundPort();
            return port > 0
                    ? HealthCheckResponse.named("pmi").up().withData("port", port).build()
                    : HealthCheckResponse.named("pmi").down().withData("error", "PMI port not bound").build();
        };
    }
}
