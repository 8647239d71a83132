package io.kpm.nodeagent.launch;

import io.smallrye.common.annotation.Identifier;
import io.kpm.schemas.KafkaClientConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.kpm.nodeagent.config.AgentConfig;
import io.kpm.nodeagent.config.NodeIdentity;
import io.kpm.nodeagent.kill.KillService;
import io.kpm.nodeagent.metrics.AgentMetrics;
import io.kpm.nodeagent.kill.SignalService;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.KillRequested;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.LaunchRequested;
import io.kpm.schemas.events.SignalRequested;
import io.kpm.schemas.serde.KpmEventDeserializer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Reads this node's LaunchRequested and KillRequested from kpm.launch.
 *
 * <p>This is the one place the agent uses a plain KafkaConsumer instead of a SmallRye {@code @Incoming}
 * channel, for two reasons. The agent must read only the partition its nodeId hashes to, computed at run time
 * from the topic's partition count: the connector either subscribes with group management (every agent would
 * get arbitrary partitions) or takes a fixed assignment from configuration. And a launch must happen at most
 * once: the record's offset is committed synchronously <em>before</em> acting on it, so a restarted agent never
 * re-launches; the connector's commit strategies commit after processing, which is at-least-once.
 *
 * <p>Where reading starts: the committed offset of group {@code kpm-agent-<nodeId>}, or for a new group the
 * earliest record (a "latest" reset would lose a request published before the first poll). Old requests
 * read that way are dropped by age ({@code kpm.agent.launch-max-age}).
 */
@Singleton
public class LaunchConsumer {

    private static final Logger LOG = Logger.getLogger(LaunchConsumer.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

    @Inject
    NodeIdentity node;
    @Inject
    AgentConfig config;
    @Inject
    LaunchHandler launches;
    @Inject
    KillService kills;
    @Inject
    SignalService signals;
    @Inject
    MeterRegistry registry;

    @Inject
    AgentMetrics metrics;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** Quarkus' kafka.* settings: bootstrap and, on a secured cluster, security.protocol, sasl.*, ssl.*. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private volatile boolean running;
    private volatile boolean assigned;
    private volatile KafkaConsumer<String, KpmEvent> consumer;
    private Thread thread;

    public synchronized void start() {
        if (thread != null) return;
        running = true;
        thread = new Thread(this::run, "kpm-launch-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    /** True while the consumer holds its partition and is reading it. */
    public boolean isAssigned() {
        return assigned;
    }

    public synchronized void stop() {
        running = false;
        KafkaConsumer<String, KpmEvent> c = consumer;
        if (c != null) c.wakeup();
        if (thread != null) {
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
                if (running) LOG.warn("launch consumer woken up unexpectedly; reconnecting");
            } catch (KafkaException | IllegalStateException e) {
                LOG.warnf("reading kpm.launch failed (%s); retrying in %s", e.getMessage(), RETRY_PAUSE);
                pause();
            } catch (RuntimeException e) {
                LOG.errorf(e, "launch consumer failed; retrying in %s", RETRY_PAUSE);
                pause();
            } finally {
                assigned = false;
            }
        }
    }

    private void consume() {
        try (KafkaConsumer<String, KpmEvent> c = new KafkaConsumer<>(properties());
                KafkaClientMetrics clientMetrics = new KafkaClientMetrics(c)) {
            consumer = c;
            if (!running) return; // stop() came before the consumer existed and could not wake it
            clientMetrics.bindTo(registry);
            TopicPartition partition = ownPartition(c);
            c.assign(List.of(partition));
            long position = c.position(partition, Duration.ofSeconds(30));
            assigned = true;
            LOG.infof("node %s reads %s from offset %d", node.nodeId(), partition, position);
            while (running) {
                for (ConsumerRecord<String, KpmEvent> record : c.poll(Duration.ofMillis(500))) {
                    if (!handle(c, partition, record)) break;
                }
            }
        } finally {
            consumer = null;
        }
    }

    private TopicPartition ownPartition(KafkaConsumer<String, KpmEvent> c) {
        List<PartitionInfo> partitions = c.partitionsFor(Topics.LAUNCH, Duration.ofSeconds(30));
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("topic " + Topics.LAUNCH + " does not exist (yet)");
        }
        return new TopicPartition(Topics.LAUNCH, LaunchPartition.of(node.nodeId(), partitions.size()));
    }

    /** @return false when the rest of the batch must be read again (the commit failed) */
    private boolean handle(KafkaConsumer<String, KpmEvent> c, TopicPartition partition, ConsumerRecord<String, KpmEvent> record) {
        // other nodes whose ids hash to the same partition: their requests are not ours to carry out
        if (!node.nodeId().equals(record.key())) return true;
        KpmEvent event = record.value();
        if (event == null) return true; // not a kpm event; the deserializer logged it
        try {
            long commitStart = System.nanoTime();
            c.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
            metrics.launchCommit().record(System.nanoTime() - commitStart, TimeUnit.NANOSECONDS);
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            // not committed means not carried out yet: read it again rather than risk doing it twice
            LOG.warnf("cannot commit offset %d of %s (%s); reading it again", record.offset(), partition, e.getMessage());
            c.seek(partition, record.offset());
            pause();
            return false;
        }
        try {
            act(event);
        } catch (RuntimeException e) {
            LOG.errorf(e, "handling %s (offset %d) failed", event.typeName(), record.offset());
        }
        return true;
    }

    private void act(KpmEvent event) {
        if (event instanceof LaunchRequested launch) {
            if (!node.nodeId().equals(launch.nodeId())) {
                LOG.warnf("ignoring LaunchRequested for job %d keyed to %s but addressed to node %s", launch.pgid(),
                        node.nodeId(), launch.nodeId());
                return;
            }
            Duration age = Duration.between(launch.meta().time(), Instant.now());
            if (age.compareTo(config.launchMaxAge()) > 0) {
                LOG.warnf("ignoring LaunchRequested for job %d (event %s) published at %s: older than "
                        + "kpm.agent.launch-max-age (%s); its job has outlived the scheduler's launch deadline",
                        launch.pgid(), launch.meta().eventId(), launch.meta().time(), config.launchMaxAge());
                return;
            }
            launches.handle(launch);
        } else if (event instanceof KillRequested kill) {
            if (!node.nodeId().equals(kill.nodeId())) {
                LOG.warnf("ignoring KillRequested for job %d addressed to node %s", kill.pgid(), kill.nodeId());
                return;
            }
            kills.onKillRequested(kill);
        } else if (event instanceof SignalRequested signal) {
            // a signal matters now or never: an old one (read by a new agent group) is not sent to today's ranks
            Duration age = Duration.between(signal.meta().time(), Instant.now());
            if (!node.nodeId().equals(signal.nodeId()) || age.compareTo(config.launchMaxAge()) > 0) return;
            signals.onSignalRequested(signal);
        } else {
            LOG.debugf("ignoring %s on %s", event.typeName(), Topics.LAUNCH);
        }
    }

    private Properties properties() {
        Properties p = KafkaClientConfig.properties(kafka, Map.of());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "kpm-agent-" + node.nodeId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "kpm-agent-" + node.nodeId() + "-launch");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // launch commands come in the scheduler's transactions: a fenced scheduler's aborted ones never run
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, KpmEventDeserializer.class.getName());
        return p;
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
