package io.kpm.gateway.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.kpm.schemas.KafkaClientConfig;
import io.kpm.schemas.Topics;
import io.smallrye.common.annotation.Identifier;

/** One Kafka admin client for what the messaging channels cannot tell: end offsets and reachability. */
@ApplicationScoped
public class KafkaAdmin {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    /** Quarkus' kafka.* settings: bootstrap and, on a secured cluster, security.protocol, sasl.*, ssl.*. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    public Map<String, Object> clientConfig() {
        return kafka;
    }

    private Admin admin;

    public String bootstrap() {
        return bootstrap;
    }

    synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(KafkaClientConfig.with(kafka, Map.of(
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000)));
        }
        return admin;
    }

    /** @return the cluster id, or throws when the broker does not answer within the timeout */
    public String clusterId(Duration timeout) throws Exception {
        return admin().describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The current end offset of every partition of the topics that has records to read. A partition whose
     * records all expired (earliest = end) is left out: no record will ever show that it was read.
     */
    public Map<TopicPartition, Long> endOffsets(Collection<String> topics) throws Exception {
        Map<String, TopicDescription> described = admin().describeTopics(topics).allTopicNames()
                .get(30, TimeUnit.SECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        described.values().forEach(d -> d.partitions()
                .forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
        Map<TopicPartition, Long> earliest = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> out = new HashMap<>();
        offsets(partitions, OffsetSpec.latest()).forEach((tp, end) -> {
            if (end > earliest.getOrDefault(tp, 0L)) out.put(tp, end);
        });
        return out;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin().listOffsets(request).all().get(30, TimeUnit.SECONDS)
                .forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) admin.close(Duration.ofSeconds(2));
    }

    /** The topics the gateway reads. */
    public static final List<String> CONSUMED = List.of(
            Topics.SPAWN_REQUESTS,
            Topics.JOBS,
            Topics.PROC_EVENTS,
            Topics.SPAWN_RESULTS,
            Topics.PROC_OUTPUT,
            Topics.PMI_AUDIT,
            Topics.NODES);
}
