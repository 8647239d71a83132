package io.kpm.gateway.pmi.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.kpm.gateway.GatewayConfig;
import io.kpm.gateway.kafka.EventPublisher;
import io.kpm.schemas.KafkaClientConfig;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.PmiExchange;
import io.kpm.schemas.serde.KpmEventSerializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;

/**
 * Publishes every PMI request/response pair to kpm.pmi.audit. Fire and forget: the answer to the rank never
 * waits for Kafka, and a lost audit record is only logged and counted.
 *
 * <p>A record per PMI command is thousands a second in a fence loop, so the audit is kept off the PMI thread and
 * out of the messaging channels (docs/performance.md, "The PMI audit"): the PMI thread only queues the exchange;
 * one thread of its own, in order, builds the event and hands it to a plain Kafka producer that batches for up to
 * 20 ms ({@code linger.ms}) with {@code acks=1} and no callback per record. Through an emitter, its per-record
 * messages, metadata and acknowledgements took a third of the PMI thread and as much again on the producer's
 * threads. The queue is bounded; when it is full (Kafka far behind or down), exchanges are dropped and counted
 * ({@code kpm_gateway_pmi_audit_dropped_total}), and the ranks' answers are never delayed.
 */
@ApplicationScoped
public class PmiAudit {

    /** The tokens that carry a rank's PMI_ID, its credential (MPICH 4.2's PMI-2 sends the id as pmirank). */
    private static final java.util.regex.Pattern CREDENTIAL =
            java.util.regex.Pattern.compile("(?<=(?:^|[ ;])(?:pmiid|srcid|pmirank)=)-?[0-9]+");

    /** Exchanges waiting for the audit thread: seconds of the busiest fence loop. */
    static final int QUEUE = 16_384;

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

    @Inject
    MeterRegistry metrics;

    /** Quarkus' kafka.* settings: bootstrap and, on a secured cluster, security.protocol, sasl.*, ssl.*. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private ThreadPoolExecutor writer;
    private Counter dropped;
    private Counter lost;
    private KafkaProducer<String, KpmEvent> producer;

    @PostConstruct
    void start() {
        dropped = metrics.counter("kpm_gateway_pmi_audit_dropped");
        lost = metrics.counter("kpm_gateway_pmi_audit_lost");
        producer = new KafkaProducer<>(KafkaClientConfig.properties(kafka, Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "kpm-gateway-pmi-audit",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KpmEventSerializer.class,
                // nobody waits for a record: one Kafka request per 20 ms, leader only
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                // with Kafka down, the audit thread waits at most this long per record, then the queue fills
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000)));
        writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread thread = new Thread(r, "kpm-pmi-audit");
            thread.setDaemon(true);
            return thread;
        }, (task, executor) -> {
            dropped.increment();
            LOG.debug("PMI audit queue full: an exchange is not audited");
        });
    }

    @PreDestroy
    void stop() throws InterruptedException {
        writer.shutdown();
        writer.awaitTermination(2, TimeUnit.SECONDS);
        producer.close(Duration.ofSeconds(2));
    }

    /** @param response null when the request has no answer (abort) */
    public void record(long pgid, int rank, String protocol, String request, String response,
            Instant requestTime, Instant responseTime) {
        if (!config.pmi().audit()) return;
        writer.execute(() -> publish(pgid, rank, protocol, request, response, requestTime, responseTime));
    }

    private void publish(long pgid, int rank, String protocol, String request, String response,
            Instant requestTime, Instant responseTime) {
        PmiExchange exchange = new PmiExchange(publisher.newMeta(), pgid, rank, protocol, request, response,
                requestTime, responseTime);
        try {
            producer.send(new ProducerRecord<>(Topics.PMI_AUDIT, exchange.kafkaKey(), exchange), (written, failure) -> {
                if (failure != null) lost(failure);
            });
        } catch (RuntimeException failure) {
            lost(failure);
        }
    }

    private void lost(Exception failure) {
        lost.increment();
        LOG.debugf("PMI audit record lost: %s", failure.getMessage());
    }
}
