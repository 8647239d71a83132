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
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.kpm.schemas.KafkaClientConfig;
import io.kpm.schemas.Topics;
import io.smallrye.common.annotation.Identifier;

/** One Kafka admin client (and one tail reader) for what the messaging channels cannot tell: where the logs end. */
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

    /**
     * For every partition of the topics that has a record to read: one past the offset of its last committed
     * record, now. Not simply the end offset: the scheduler writes in transactions, and the offset before the end
     * is then a transaction marker, which no consumer is ever given. So a read_committed consumer looks back
     * from the end until it meets a record (a window that doubles, since aborted records are not given either).
     * A partition with no record left (all expired, or all aborted) is left out: no record will show it read.
     */
    public synchronized Map<TopicPartition, Long> endOffsets(Collection<String> topics) throws Exception {
        Map<String, TopicDescription> described = admin().describeTopics(topics).allTopicNames()
                .get(30, TimeUnit.SECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        described.values().forEach(d -> d.partitions()
                .forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
        KafkaConsumer<byte[], byte[]> consumer = tailReader();
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, TIMEOUT);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : partitions) {
            long first = begin.getOrDefault(tp, 0L);
            long stop = ends.getOrDefault(tp, 0L);
            long last = lastRecordBefore(consumer, tp, first, stop);
            if (last >= 0) out.put(tp, last + 1);
        }
        return out;
    }

    private static long lastRecordBefore(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long first, long stop) {
        consumer.assign(List.of(tp));
        long window = 8;
        long from = stop;
        while (from > first) {
            long to = from;
            from = Math.max(first, to - window);
            consumer.seek(tp, from);
            long last = -1;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(tp) < to && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.offset() < to) last = Math.max(last, r.offset());
                }
            }
            if (last >= 0) return last;
            window *= 2;
        }
        return -1;
    }

    private KafkaConsumer<byte[], byte[]> tailReader;

    private KafkaConsumer<byte[], byte[]> tailReader() {
        if (tailReader == null) {
            tailReader = new KafkaConsumer<>(KafkaClientConfig.properties(kafka, Map.of(
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.CLIENT_ID_CONFIG, "kpm-gateway-tail",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 64)));
        }
        return tailReader;
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @PreDestroy
    synchronized void close() {
        if (admin != null) admin.close(Duration.ofSeconds(2));
        if (tailReader != null) tailReader.close(Duration.ofSeconds(1));
    }

    /** The topics the gateway reads from the start (kpm.pmi.audit only when asked: PmiLogReader). */
    public static final List<String> CONSUMED = List.of(
            Topics.SPAWN_REQUESTS,
            Topics.JOBS,
            Topics.PROC_EVENTS,
            Topics.SPAWN_RESULTS,
            Topics.PROC_OUTPUT,
            Topics.NODES);
}
