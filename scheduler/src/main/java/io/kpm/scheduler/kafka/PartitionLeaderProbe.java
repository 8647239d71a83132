package io.kpm.scheduler.kafka;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import io.kpm.schemas.KafkaClientConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;

/**
 * Asks a topic's leader whether it answers (whether heartbeats can reach the scheduler at all). Whether Kafka
 * answers at all is the Kafka extension's readiness check ({@code quarkus.kafka.health.enabled}).
 */
@ApplicationScoped
public class PartitionLeaderProbe {

    /** Quarkus' kafka.* settings: bootstrap and, on a secured cluster, security.protocol, sasl.*, ssl.*. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private Admin admin;

    /**
     * Whether the leader of partition 0 of the topic answers now: asks it for its end offset. Not the cluster's
     * metadata, which names a dead leader until the controller notices (seconds).
     */
    public synchronized boolean reachesLeaderOf(String topic) {
        try {
            admin().listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.latest()),
                    new ListOffsetsOptions().timeoutMs(2000)).all().get(3, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(KafkaClientConfig.with(kafka, Map.of(
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000)));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) admin.close();
    }
}
