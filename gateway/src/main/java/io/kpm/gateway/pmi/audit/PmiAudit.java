package io.kpm.gateway.pmi.audit;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kpm.gateway.GatewayConfig;
import io.kpm.gateway.kafka.EventPublisher;
import io.kpm.schemas.events.PmiExchange;

/**
 * Publishes every PMI request/response pair to kpm.pmi.audit. Fire and forget: the answer to the rank never
 * waits for Kafka, and a lost audit record is only logged.
 */
@ApplicationScoped
public class PmiAudit {

    private static final Logger LOG = Logger.getLogger(PmiAudit.class);

    @Inject
    EventPublisher publisher;

    @Inject
    GatewayConfig config;

    /** @param response null when the request has no answer (abort) */
    public void record(long pgid, int rank, String protocol, String request, String response,
            Instant requestTime, Instant responseTime) {
        if (!config.pmi().audit()) return;
        PmiExchange exchange = new PmiExchange(publisher.newMeta(), pgid, rank, protocol, request, response,
                requestTime, responseTime);
        publisher.publishAudit(exchange).whenComplete((ok, failure) -> {
            if (failure != null) LOG.debugf("PMI audit record lost: %s", failure.getMessage());
        });
    }
}
