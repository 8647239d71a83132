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

    /** The tokens that carry a rank's PMI_ID, its credential (MPICH 4.2's PMI-2 sends the id as pmirank). */
    private static final java.util.regex.Pattern CREDENTIAL =
            java.util.regex.Pattern.compile("(?<=(?:^|[ ;])(?:pmiid|srcid|pmirank)=)-?[0-9]+");

    /**
     * The request as the audit keeps it: a PMI_ID is a credential, so it never reaches the log, events or
     * {@code kpm pmi-log}; the conversation stays readable ({@code cmd=initack pmiid=***}).
     */
    public static String redact(String request) {
        if (request == null || !(request.startsWith("cmd=initack") || request.startsWith("cmd=fullinit"))) return request;
        return CREDENTIAL.matcher(request).replaceAll("***");
    }

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
