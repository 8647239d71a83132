package io.kpm.nodeagent.input;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.kpm.nodeagent.config.NodeIdentity;
import io.kpm.nodeagent.launch.LaunchPartition;
import io.kpm.schemas.KafkaClientConfig;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.StdinChunk;
import io.kpm.schemas.serde.KpmEventDeserializer;
import io.smallrye.common.annotation.Identifier;

/**
 * Reads this node's stdin chunks from kpm.proc.input and hands them to the ranks' pipes.
 *
 * <p>A plain consumer on the node's own partition (keyed by nodeId, as kpm.launch), without a consumer group: stdin
 * only matters to ranks of this agent run, which all start after this reader took its position at the end of the
 * partition, so nothing before that position can be for them and nothing needs committing. A reconnect continues
 * after the last record handled. While a rank's queue is full the reader waits, leaving the rest in Kafka: a rank 0
 * that does not read its stdin holds back the stdin of other ranks on the same node until it reads, exits or is
 * killed.
 */
@Singleton
public class StdinConsumer {

    private static final Logger LOG = Logger.getLogger(StdinConsumer.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

    @Inject
    NodeIdentity node;
    @Inject
    StdinPipes pipes;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private volatile boolean running;
    private volatile boolean positioned;
    private volatile KafkaConsumer<String, KpmEvent> consumer;
    private long next = -1;
    private Thread thread;

    public synchronized void start() {
        if (thread != null) return;
        running = true;
        thread = new Thread(this::run, "kpm-stdin-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    /** True once the reader has its position: ranks launched from then on get every chunk meant for them. */
    public boolean isPositioned() {
        return positioned;
    }

    public synchronized void stop() {
        running = false;
        KafkaConsumer<String, KpmEvent> c = consumer;
        if (c != null) c.wakeup();
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (running) {
            try {
                consume();
            } catch (WakeupException | InterruptException e) {
                if (running) LOG.warn("stdin consumer woken up unexpectedly; reconnecting");
            } catch (KafkaException | IllegalStateException e) {
                LOG.warnf("reading %s failed (%s); retrying in %s", Topics.PROC_INPUT, e.getMessage(), RETRY_PAUSE);
                if (!pause()) return;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "stdin consumer failed; retrying in %s", RETRY_PAUSE);
                if (!pause()) return;
            }
        }
    }

    private void consume() throws InterruptedException {
        try (KafkaConsumer<String, KpmEvent> c = new KafkaConsumer<>(properties())) {
            consumer = c;
            if (!running) return;
            TopicPartition partition = ownPartition(c);
            c.assign(List.of(partition));
            if (next < 0) {
                c.seekToEnd(List.of(partition));
            } else {
                c.seek(partition, next);
            }
            next = c.position(partition, Duration.ofSeconds(30));
            positioned = true;
            LOG.infof("node %s reads stdin from %s at offset %d", node.nodeId(), partition, next);
            while (running) {
                for (ConsumerRecord<String, KpmEvent> record : c.poll(Duration.ofMillis(500))) {
                    next = record.offset() + 1;
                    if (node.nodeId().equals(record.key()) && record.value() instanceof StdinChunk chunk
                            && node.nodeId().equals(chunk.nodeId())) {
                        pipes.onChunk(chunk);
                    }
                }
            }
        } finally {
            consumer = null;
        }
    }

    private TopicPartition ownPartition(KafkaConsumer<String, KpmEvent> c) {
        List<PartitionInfo> partitions = c.partitionsFor(Topics.PROC_INPUT, Duration.ofSeconds(30));
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("topic " + Topics.PROC_INPUT + " does not exist (yet)");
        }
        return new TopicPartition(Topics.PROC_INPUT, LaunchPartition.of(node.nodeId(), partitions.size()));
    }

    private Properties properties() {
        Properties p = KafkaClientConfig.properties(kafka, Map.of());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "kpm-agent-" + node.nodeId() + "-stdin");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, KpmEventDeserializer.class.getName());
        return p;
    }

    private boolean pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
