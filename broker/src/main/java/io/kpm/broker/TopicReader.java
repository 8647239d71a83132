package io.kpm.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.serde.KpmEventSerializer;

/**
 * Reads kpm topics from the beginning and writes events to them, outside any service: what tests use to feed
 * a service and to check what it wrote. Records are returned raw (key and JSON bytes) or as events.
 */
public final class TopicReader {

    private TopicReader() {
    }

    /** Every record on the topic right now, from offset 0 to the current end, in partition order. */
    public static List<ConsumerRecord<String, byte[]>> readAllRecords(String bootstrap, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps(bootstrap))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!reached(consumer, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) out.add(r);
            }
            return out;
        }
    }

    /** Every event on the topic right now (records that are not kpm events are left out). */
    public static List<KpmEvent> readAll(String bootstrap, String topic) {
        List<KpmEvent> events = new ArrayList<>();
        var deserializer = new io.kpm.schemas.serde.KpmEventDeserializer();
        for (ConsumerRecord<String, byte[]> r : readAllRecords(bootstrap, topic)) {
            KpmEvent e = deserializer.deserialize(topic, r.value());
            if (e != null) events.add(e);
        }
        return events;
    }

    /** Waits until an event of the type matching the predicate is on the topic, and returns it. */
    public static <T extends KpmEvent> T await(String bootstrap, String topic, Class<T> type, Predicate<T> match,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            for (KpmEvent e : readAll(bootstrap, topic)) {
                if (type.isInstance(e) && match.test(type.cast(e))) return type.cast(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ie);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no matching " + type.getSimpleName() + " on " + topic + " within " + timeout);
    }

    /** Writes the events to their own topics, keyed as kpm keys them, and waits until Kafka has them. */
    public static void publish(String bootstrap, Collection<? extends KpmEvent> events) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KpmEventSerializer.class);
        try (KafkaProducer<String, KpmEvent> producer = new KafkaProducer<>(p)) {
            for (KpmEvent e : events) {
                producer.send(new ProducerRecord<>(e.topic(), e.kafkaKey(), e)).get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + bootstrap + ": " + e.getMessage(), e);
        }
    }

    public static void publish(String bootstrap, KpmEvent... events) {
        publish(bootstrap, List.of(events));
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }

    private static Properties consumerProps(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "kpm-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }
}
