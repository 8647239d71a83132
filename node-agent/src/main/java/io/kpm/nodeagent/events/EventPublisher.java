package io.kpm.nodeagent.events;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.kpm.schemas.events.KpmEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Writes every event of the agent through one Kafka producer, keyed and routed as the event says. One producer
 * keeps the order of events of a job: what is sent after another send completed lands after it.
 */
@Singleton
public class EventPublisher {

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    @Inject
    @Channel("kpm-events")
    // output pumps wait for each chunk's ack, so the buffer only has to absorb bursts of many ranks at once
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    Emitter<KpmEvent> emitter;

    /** @return completes when Kafka has the event, or exceptionally when it could not be written */
    public CompletionStage<Void> publish(KpmEvent event) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        Message<KpmEvent> message = Message.of(event)
                .withMetadata(Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(event.kafkaKey())
                        .withTopic(event.topic())
                        .build()))
                .withAck(() -> {
                    written.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    written.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            written.completeExceptionally(e);
        }
        return written.whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.errorf("could not publish %s to %s: %s", event.typeName(), event.topic(), failure.getMessage());
            }
        });
    }

    /** Publishes and waits until Kafka has the event; false (logged) when it failed or took too long. */
    public boolean publishAndWait(KpmEvent event, long timeoutSeconds) {
        try {
            publish(event).toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        } catch (TimeoutException e) {
            LOG.errorf("Kafka did not confirm %s within %d s", event.typeName(), timeoutSeconds);
            return false;
        }
    }
}
