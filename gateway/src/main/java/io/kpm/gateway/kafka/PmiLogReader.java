package io.kpm.gateway.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.kpm.gateway.api.Problem;
import io.kpm.gateway.api.ProblemException;
import io.kpm.gateway.jobs.JobView;
import io.kpm.gateway.jobs.PmiLogs;
import io.kpm.schemas.KafkaClientConfig;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.PmiExchange;
import io.kpm.schemas.serde.KpmEventDeserializer;

/**
 * Reads a job's PMI conversation from kpm.pmi.audit when somebody asks for it, instead of the gateway reading
 * back every audit record it writes: one record per PMI command made an 8-rank fence pay for its own audit twice
 * (written, then read and kept), and kept every conversation of every job in memory, rebuilt from the whole topic
 * at each start. Only the job's time window is read: from {@link #MARGIN} before it was accepted to
 * {@link #MARGIN} after it ended (clocks of other machines, records sent late), or to the end of the topic.
 */
@ApplicationScoped
public class PmiLogReader {

    /** Clock differences between the scheduler that accepted the job and the gateways that audited it. */
    static final Duration MARGIN = Duration.ofSeconds(30);

    /** A request for one job's log never holds a worker longer than this. */
    static final Duration DEADLINE = Duration.ofSeconds(20);

    @Inject
    KafkaAdmin kafka;

    public List<PmiLogs.Entry> read(JobView job, Integer rank) {
        Instant from = job.acceptedAt() == null ? Instant.EPOCH : job.acceptedAt().minus(MARGIN);
        Instant until = job.endedAt() == null ? null : job.endedAt().plus(MARGIN);
        List<PmiExchange> exchanges = new ArrayList<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        try (KafkaConsumer<String, KpmEvent> consumer = new KafkaConsumer<>(KafkaClientConfig.properties(
                kafka.clientConfig(), Map.of(
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.CLIENT_ID_CONFIG, "kpm-gateway-pmi-log",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                        // not the services' 5 s of an idle tail: an answer waits for each fetch that finds nothing
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50,
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, KpmEventDeserializer.class)))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.PMI_AUDIT, DEADLINE).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, DEADLINE));
            Map<TopicPartition, Long> timestamps = new HashMap<>();
            partitions.forEach(tp -> timestamps.put(tp, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(timestamps, DEADLINE);
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp start = starts.get(tp);
                // no record as late as the window's start: nothing of this job on that partition
                if (start == null) ends.remove(tp);
                else consumer.seek(tp, start.offset());
            }
            while (!ends.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new ProblemException(Problem.of(503, "audit-read-timeout", "reading job " + job.pgid()
                            + "'s PMI conversation from " + Topics.PMI_AUDIT + " took longer than "
                            + DEADLINE.toSeconds() + " s"));
                }
                for (ConsumerRecord<String, KpmEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (!ends.containsKey(tp)) continue;
                    if (record.value() instanceof PmiExchange exchange) exchanges.add(exchange);
                    if (until != null && record.timestamp() > until.toEpochMilli()) ends.remove(tp);
                }
                ends.entrySet().removeIf(end -> consumer.position(end.getKey()) >= end.getValue());
                consumer.pause(partitions.stream().filter(tp -> !ends.containsKey(tp)).toList());
            }
        }
        return PmiLogs.of(exchanges, job.pgid(), rank);
    }
}
