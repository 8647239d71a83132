package io.kpm.scheduler.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.kpm.schemas.KafkaClientConfig;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.Producer;
import io.kpm.schemas.serde.KpmEventSerializer;
import io.kpm.scheduler.SchedulerConfig;
import io.smallrye.common.annotation.Identifier;

/**
 * Writes every event the scheduler decides, each to its own topic with its own key, with a transactional Kafka
 * producer: one decision (a job's acceptance, placement and launch commands, say) is one transaction, so
 * downstream {@code read_committed} readers see all of it or none of it. The producer exists only while this
 * scheduler leads: {@link #open} calls {@code initTransactions} with the shared transactional id, which fences
 * every earlier producer of that id (a scheduler that crashed, or one paused and not yet aware it lost the lead)
 * and aborts what it left open; a fenced producer can write nothing more.
 *
 * <p>Built by hand rather than as a SmallRye channel because the producer's life is the leadership's, not the
 * application's: a channel's transactional producer is initialised at startup, so a standby would fence the
 * leader just by starting. One writer thread sends the queued decisions and commits them together (a group
 * commit), so a burst of decisions costs one commit, not one each.
 */
@ApplicationScoped
public class EventPublisher {

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);
    private static final int MAX_DECISIONS_PER_TRANSACTION = 256;

    /** One decision: its events, written in one transaction, and who waits for it. */
    private record Decision(List<KpmEvent> events, CompletableFuture<Void> written) {
    }

    private final Producer producer;

    /** From the first send of a transaction to its commit (markers written): a part of every spawn's path. */
    private final Timer transactions;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Inject
    SchedulerConfig config;

    private final Object lock = new Object();
    private KafkaProducer<String, KpmEvent> kafkaProducer;
    private BlockingQueue<Decision> queue;
    private Thread writer;

    @Inject
    public EventPublisher(@ConfigProperty(name = "kpm.instance") Optional<String> instance, MeterRegistry registry) {
        this.producer = new Producer("scheduler", instance.filter(s -> !s.isBlank()).orElseGet(EventPublisher::hostname));
        this.transactions = Timer.builder("kpm.scheduler.transaction").publishPercentiles(0.5, 0.99)
                .description("one transaction of decisions, from its first send to its commit").register(registry);
    }

    /** A fresh envelope for one event this scheduler writes. */
    public EventMeta meta() {
        return EventMeta.now(producer);
    }

    /**
     * Creates the transactional producer and fences every other one of the same transactional id. Blocks until
     * Kafka has done so (or throws).
     *
     * @param onWriteFailure told why, when a transaction fails: the book then holds decisions the log does not,
     *                       so the leader must stop or rebuild
     */
    public void open(Consumer<String> onWriteFailure) {
        synchronized (lock) {
            close();
            Map<String, Object> own = new HashMap<>();
            own.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
            own.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            own.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KpmEventSerializer.class);
            own.put(ProducerConfig.CLIENT_ID_CONFIG, "kpm-scheduler-" + producer.instance());
            // every event is someone's wait (a spawn answer, a job's next step): send it now
            own.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            // a decision that follows the previous one within milliseconds (a spawn's JobRunning after its
            // JobPlaced) finds that transaction's markers still being written and is told to retry
            // (CONCURRENT_TRANSACTIONS): retry after 5 ms, not Kafka's 100 ms, which the spawn would wait
            own.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);
            own.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200);
            // a leader that cannot reach Kafka for this long says so instead of hanging its handlers
            own.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) config.writeTimeout().toMillis());
            own.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.writeTimeout().toMillis());
            own.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(config.writeTimeout().toMillis(), 30_000));
            KafkaProducer<String, KpmEvent> created = new KafkaProducer<>(KafkaClientConfig.properties(kafka, own));
            try {
                created.initTransactions();
            } catch (RuntimeException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            kafkaProducer = created;
            queue = new LinkedBlockingQueue<>();
            BlockingQueue<Decision> mine = queue;
            writer = new Thread(() -> writeLoop(created, mine, onWriteFailure), "kpm-scheduler-writer");
            writer.setDaemon(true);
            writer.start();
        }
    }

    /** Stops writing: decisions still queued fail. */
    @PreDestroy
    public void close() {
        synchronized (lock) {
            if (writer == null) return;
            writer.interrupt();
            failAll(queue, "this scheduler stopped leading");
            kafkaProducer.close(Duration.ofSeconds(1));
            writer = null;
            kafkaProducer = null;
            queue = null;
        }
    }

    /** @return completes when Kafka has committed these events, or exceptionally when they were not */
    public CompletableFuture<Void> publishAll(List<KpmEvent> events) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        synchronized (lock) {
            if (queue == null) {
                written.completeExceptionally(new IllegalStateException("this scheduler is not the leader"));
            } else {
                queue.add(new Decision(List.copyOf(events), written));
            }
        }
        return written;
    }

    public CompletableFuture<Void> publish(KpmEvent event) {
        return publishAll(List.of(event));
    }

    private void writeLoop(KafkaProducer<String, KpmEvent> out, BlockingQueue<Decision> in, Consumer<String> onWriteFailure) {
        List<Decision> batch = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                batch.add(in.take());
            } catch (InterruptedException e) {
                return;
            }
            in.drainTo(batch, MAX_DECISIONS_PER_TRANSACTION - 1);
            long started = System.nanoTime();
            try {
                out.beginTransaction();
                for (Decision decision : batch) {
                    for (KpmEvent event : decision.events()) {
                        out.send(new ProducerRecord<>(event.topic(), event.kafkaKey(), event));
                        LOG.debugf("publishing %s key %s", event.typeName(), event.kafkaKey());
                    }
                }
                out.commitTransaction();
                transactions.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                batch.forEach(d -> d.written().complete(null));
            } catch (ProducerFencedException | InvalidProducerEpochException | AuthorizationException e) {
                fail(batch, e);
                onWriteFailure.accept("fenced: another scheduler took the lead (" + e.getMessage() + ")");
                return;
            } catch (KafkaException | IllegalStateException e) {
                if (Thread.currentThread().isInterrupted()) {
                    fail(batch, e);
                    return;
                }
                try {
                    out.abortTransaction();
                } catch (RuntimeException ignored) {
                    // the producer is unusable; the failure below makes the leader start over
                }
                fail(batch, e);
                onWriteFailure.accept("a transaction failed: " + e);
                return;
            }
            batch.clear();
        }
    }

    private static void fail(List<Decision> batch, Exception cause) {
        batch.forEach(d -> d.written().completeExceptionally(cause));
    }

    private static void failAll(BlockingQueue<Decision> pending, String why) {
        List<Decision> left = new ArrayList<>();
        pending.drainTo(left);
        left.forEach(d -> d.written().completeExceptionally(new IllegalStateException(why)));
    }

    /**
     * Waits until Kafka has committed all of these, so that a handler returns (and its input offset is committed)
     * only after what it decided is durable. A failure is logged: the leader rebuilds from the log after one.
     */
    public void awaitWritten(List<CompletableFuture<Void>> sent) {
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .get(config.writeTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.errorf("could not write %d decision(s) to Kafka: %s", sent.size(), e.getMessage());
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
