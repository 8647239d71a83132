package io.kpm.scheduler.leader;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.kpm.schemas.Topics;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.scheduler.Await;
import io.kpm.scheduler.SchedulerConfig;
import io.kpm.scheduler.jobs.JobBook;
import io.kpm.scheduler.jobs.Jobs;
import io.kpm.scheduler.kafka.EventPublisher;
import io.kpm.scheduler.kafka.TopicLog;
import io.kpm.scheduler.nodes.LiveNodes;
import io.kpm.scheduler.proc.JobProgress;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Which scheduler decides. Every scheduler joins the consumer group {@code kpm-scheduler} on kpm.spawn.requests,
 * which has one partition: Kafka gives it to one member, and that member leads; the others stand by, following
 * the nodes and ready to take over. When the leader dies, Kafka gives the partition to a standby once the
 * leader's session times out (seconds), and the standby takes the lead:
 *
 * <ol>
 *   <li>it opens the transactional producer, which fences the old leader: a crashed or paused leader can commit
 *   nothing more, and what it left uncommitted is aborted, so no reader acts on it;</li>
 *   <li>it rebuilds its job book from kpm.jobs, kpm.proc.events and kpm.spawn.results as committed, so it
 *   continues the pgids after the last one any leader committed and knows every request already answered;</li>
 *   <li>it decides what the log calls for and nobody decided yet (a job whose ranks all exited while nobody
 *   led), then handles requests.</li>
 * </ol>
 *
 * A leader whose write fails stops deciding at once (its book may hold decisions the log does not) and starts
 * over from step 1, unless it was fenced: then another scheduler leads.
 */
@ApplicationScoped
@Default // as well as the name SmallRye looks it up by
@Identifier(Leadership.NAME)
public class Leadership implements KafkaConsumerRebalanceListener {

    /** The name kpm.spawn.requests' channel gives as its consumer-rebalance-listener. */
    public static final String NAME = "kpm-scheduler-leadership";

    private static final Logger LOG = Logger.getLogger(Leadership.class);

    @Inject
    Jobs jobs;

    @Inject
    LiveNodes nodes;

    @Inject
    EventPublisher publisher;

    @Inject
    SchedulerConfig config;

    /** Quarkus' kafka.* settings: bootstrap and, on a secured cluster, security.protocol, sasl.*, ssl.*. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kpm-scheduler-leadership");
        t.setDaemon(true);
        return t;
    });

    private volatile boolean ownsRequests;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!isRequests(partitions)) return;
        ownsRequests = true;
        executor.execute(this::takeLead);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (isRequests(partitions)) lose("the spawn requests went to another scheduler");
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (isRequests(partitions)) lose("this scheduler lost its place in the group (its session timed out)");
    }

    private static boolean isRequests(Collection<TopicPartition> partitions) {
        return partitions.stream().anyMatch(p -> p.topic().equals(Topics.SPAWN_REQUESTS));
    }

    /** Stops deciding now, on the consumer's thread, before the partition goes to another scheduler. */
    private void lose(String why) {
        ownsRequests = false;
        if (jobs.leading()) LOG.warnf("standing by: %s", why);
        jobs.standBy();
        publisher.close();
    }

    private void takeLead() {
        if (!ownsRequests || jobs.leading()) return;
        long started = System.nanoTime();
        try {
            publisher.open(this::writeFailed);
            long fenced = System.nanoTime();
            long[] read = new long[3];
            jobs.lead(book -> {
                read[0] = TopicLog.readToEnd(kafka, Topics.JOBS, book::apply);
                read[1] = TopicLog.readToEnd(kafka, Topics.PROC_EVENTS, book::apply);
                read[2] = TopicLog.readToEnd(kafka, Topics.SPAWN_RESULTS, book::apply);
            });
            // a new leader's node registry may lag (its consumers waited on the rebuild): silence before it led
            // does not count against a node; a node that is really gone is declared lost one timeout later
            nodes.logUnreadable(Instant.now());
            long nextPgid = jobs.locked(JobBook::nextPgid);
            long live = jobs.locked(book -> (long) book.liveJobs().size());
            LOG.infof("leading: fenced earlier leaders in %d ms, rebuilt in %d ms from %d job, %d process and %d "
                    + "result events: next pgid %d, %d live job(s)", (fenced - started) / 1_000_000,
                    (System.nanoTime() - fenced) / 1_000_000, read[0], read[1], read[2], nextPgid, live);
            catchUp();
        } catch (RuntimeException e) {
            jobs.standBy();
            publisher.close();
            LOG.warnf("could not take the lead (%s); trying again in %s", e.getMessage(), config.leadershipRetry());
            executor.schedule(this::takeLead, config.leadershipRetry().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** What the rebuilt book calls for that no leader decided: ranks that started or exited while nobody led. */
    private void catchUp() {
        List<CompletableFuture<Void>> sent = jobs.locked(book -> {
            List<KpmEvent> decided = new ArrayList<>();
            book.liveJobs().forEach(job -> decided.addAll(JobProgress.afterProcEvent(job, publisher::meta)));
            if (!decided.isEmpty()) LOG.infof("deciding %d event(s) the log called for while nobody led", decided.size());
            return jobs.record(decided);
        });
        if (!sent.isEmpty()) publisher.awaitWritten(sent);
    }

    /** From the writer thread: hand over to the leadership thread, never block the writer. */
    private void writeFailed(String why) {
        executor.execute(() -> {
            jobs.standBy();
            publisher.close();
            if (why.startsWith("fenced")) {
                LOG.errorf("standing by: %s", why);
                return;
            }
            LOG.errorf("stopped deciding: %s; rebuilding from the log before deciding again", why);
            executor.schedule(this::takeLead, config.leadershipRetry().toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /** Waits up to {@code wait} for this scheduler to lead; true when it does. */
    public boolean awaitLeading(Duration wait) {
        return Await.until(jobs::leading, wait, 20);
    }

    /** "leader" or "standby", for health and logs. */
    public String role() {
        return jobs.leading() ? "leader" : "standby";
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
