package io.kpm.cli.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.kpm.cli.CliFailure;
import io.kpm.cli.KafkaSettings;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.serde.EventJson;

/**
 * Reads kpm's topics from their start (or from the first record at or after a time) up to their ends as they
 * are when the read begins. It only looks: partitions are assigned, never subscribed, so there is no consumer
 * group, no committed offset, and nothing the running services could notice.
 */
public final class TopicLogReader {

    private static final Duration API_TIMEOUT = Duration.ofSeconds(15);
    private static final List<String> TOPICS = List.of(Topics.SPAWN_REQUESTS, Topics.JOBS, Topics.PROC_EVENTS,
            Topics.SPAWN_RESULTS);

    private final String bootstrap;

    public TopicLogReader(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** @param since the first time to read from, or null for the start of every topic */
    public RecordedLog read(Instant since) {
        Map<String, List<KpmEvent>> byTopic = new HashMap<>();
        long undecodable = readTopics(TOPICS, since, byTopic);
        return new RecordedLog(byTopic.get(Topics.SPAWN_REQUESTS), byTopic.get(Topics.JOBS),
                byTopic.get(Topics.PROC_EVENTS), byTopic.get(Topics.SPAWN_RESULTS), undecodable);
    }

    /** Every event on one topic (kpm.nodes for {@code kpm agent}), from its start to where it ends now. */
    public List<KpmEvent> readAll(String topic) {
        Map<String, List<KpmEvent>> byTopic = new HashMap<>();
        readTopics(List.of(topic), null, byTopic);
        return byTopic.get(topic);
    }

    /** Fills {@code byTopic} with each topic's events up to its end now. @return how many records were not events */
    private long readTopics(List<String> topics, Instant since, Map<String, List<KpmEvent>> byTopic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) partitions.addAll(partitionsOf(consumer, topic));
            topics.forEach(t -> byTopic.put(t, new ArrayList<>()));
            long undecodable = 0;
            if (!partitions.isEmpty()) {
                // one assignment for all topics: each poll fetches from every partition at once
                consumer.assign(partitions);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, API_TIMEOUT);
                seek(consumer, partitions, since);
                while (!reachedEnds(consumer, partitions, ends)) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        if (record.offset() >= ends.get(new TopicPartition(record.topic(), record.partition()))) continue;
                        KpmEvent event = decode(record.value());
                        if (event == null) undecodable++;
                        else byTopic.get(record.topic()).add(event);
                    }
                }
            }
            return undecodable;
        } catch (KafkaException e) {
            throw new CliFailure("cannot read kpm's log from Kafka at " + bootstrap + ": " + e.getMessage(), e);
        }
    }

    /** The partitions of a topic, none when it does not exist (a log that never had such an event). */
    private List<TopicPartition> partitionsOf(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, API_TIMEOUT);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new CliFailure("Kafka at " + bootstrap + " did not answer within " + API_TIMEOUT.toSeconds()
                    + "s (is the broker running and reachable?)");
        }
        if (infos == null) return List.of();
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private Properties properties() {
        Properties props = new Properties();
        props.putAll(KafkaSettings.forBootstrap(bootstrap));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // looking must never create a topic with the broker's defaults
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(API_TIMEOUT.toMillis()));
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return props;
    }

    private static void seek(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Instant since) {
        if (since == null) {
            consumer.seekToBeginning(partitions);
            return;
        }
        Map<TopicPartition, OffsetAndTimestamp> at = consumer.offsetsForTimes(
                partitions.stream().collect(Collectors.toMap(p -> p, p -> since.toEpochMilli())), API_TIMEOUT);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = at.get(partition);
            if (offset == null) consumer.seekToEnd(List.of(partition));
            else consumer.seek(partition, offset.offset());
        }
    }

    private static boolean reachedEnds(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
            Map<TopicPartition, Long> ends) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition, API_TIMEOUT) < ends.get(partition)) return false;
        }
        return true;
    }

    private static KpmEvent decode(byte[] value) {
        if (value == null) return null;
        try {
            return EventJson.fromBytes(value);
        } catch (IllegalArgumentException notAnEvent) {
            return null;
        }
    }
}
