package io.kpm.scheduler.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.serde.KpmEventDeserializer;
import io.kpm.schemas.KafkaClientConfig;

/**
 * Reads a topic's committed records from the first to its end as of now, with a plain consumer that joins no
 * group: how the scheduler rebuilds its state before it handles anything.
 */
public final class TopicLog {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TopicLog() {
    }

    /**
     * @param kafka the service's shared Kafka client settings (bootstrap, security)
     * @return how many events were read
     */
    public static long readToEnd(Map<String, ?> kafka, String topic, Consumer<KpmEvent> sink) {
        Properties props = KafkaClientConfig.properties(kafka, Map.of());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // what a leader committed, never what a fenced one left open (it is aborted)
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, KpmEventDeserializer.class);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "kpm-scheduler-rebuild-" + topic);
        // reading to a known end, not waiting for news: the services' long fetch wait (5 s, for idle CPU) would
        // hold each read of a topic whose last batch is a transaction marker for 5 s (a 15 s takeover in CI)
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        long read = 0;
        try (KafkaConsumer<String, KpmEvent> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + TIMEOUT);
                }
                for (ConsumerRecord<String, KpmEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) continue;
                    sink.accept(record.value());
                    read++;
                }
            }
        }
        return read;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }
}
