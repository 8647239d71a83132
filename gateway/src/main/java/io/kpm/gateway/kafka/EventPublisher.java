package io.kpm.gateway.kafka;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.Producer;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Writes the gateway's events to their own topics, keyed as the contract says: {@code events-out} sends each event
 * at once, because somebody waits for it (a spawn, a kill). The PMI audit, which nobody waits for and which has a
 * record for every PMI command, has a producer of its own ({@link io.kpm.gateway.pmi.audit.PmiAudit}).
 */
@ApplicationScoped
public class EventPublisher {

    @Inject
    @Channel("events-out")
    Emitter<KpmEvent> emitter;

    @ConfigProperty(name = "kpm.instance")
    Optional<String> instance;

    private volatile Producer producer;

    /** The envelope for a new event written by this gateway instance. */
    public EventMeta newMeta() {
        Producer p = producer;
        if (p == null) {
            p = new Producer("gateway", instance.filter(s -> !s.isBlank()).orElseGet(EventPublisher::hostname));
            producer = p;
        }
        return EventMeta.now(p);
    }

    /** Sends at once. @return completes when Kafka acknowledged the record, fails when it could not be written */
    public CompletionStage<Void> publish(KpmEvent event) {
        return send(emitter, event);
    }

    private static CompletionStage<Void> send(Emitter<KpmEvent> channel, KpmEvent event) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.kafkaKey())
                .withTopic(event.topic())
                .build();
        try {
            channel.send(Message.of(event, Metadata.of(kafka),
                    () -> {
                        written.complete(null);
                        return CompletableFuture.completedFuture(null);
                    },
                    failure -> {
                        written.completeExceptionally(failure);
                        return CompletableFuture.completedFuture(null);
                    }));
        } catch (RuntimeException e) {
            // the emitter refuses synchronously when its buffer is full or the channel is down
            written.completeExceptionally(e);
        }
        return written;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }
}
