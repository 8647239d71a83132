package io.kpm.scheduler.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.Producer;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Writes every event the scheduler produces, each to its own topic with its own key, over one channel. */
@ApplicationScoped
public class EventPublisher {

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    @Inject
    @Channel("kpm-out")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    Emitter<KpmEvent> emitter;

    private final Producer producer;

    @Inject
    public EventPublisher(@ConfigProperty(name = "kpm.instance") Optional<String> instance) {
        this.producer = new Producer("scheduler", instance.filter(s -> !s.isBlank()).orElseGet(EventPublisher::hostname));
    }

    /** A fresh envelope for one event this scheduler writes. */
    public EventMeta meta() {
        return EventMeta.now(producer);
    }

    /** @return completes when Kafka has the event, or exceptionally when it could not be written */
    public synchronized CompletableFuture<Void> publish(KpmEvent event) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        OutgoingKafkaRecordMetadata<String> where = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.kafkaKey())
                .withTopic(event.topic())
                .build();
        emitter.send(Message.of(event, Metadata.of(where),
                () -> {
                    written.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    written.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        LOG.debugf("published %s key %s", event.typeName(), event.kafkaKey());
        return written;
    }

    /**
     * Waits until Kafka has all of these, so that a handler returns (and its input offset is committed) only
     * after what it decided is durable. A failure is logged: the log stays the truth and a restart re-decides.
     */
    public void awaitWritten(List<CompletableFuture<Void>> sent) {
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.errorf("could not write %d event(s) to Kafka: %s", sent.size(), e.getMessage());
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
