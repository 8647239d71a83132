package io.kpm.scheduler;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.kpm.schemas.RetentionOverrides;
import io.kpm.schemas.TopicSetup;
import io.kpm.schemas.Topics;
import io.kpm.scheduler.jobs.Jobs;
import io.kpm.scheduler.kafka.TopicLog;
import io.kpm.scheduler.nodes.LiveNodes;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import java.util.Map;

/**
 * Rebuilds the scheduler's state from the log before anything is handled: creates the topics if needed, then
 * reads kpm.jobs and kpm.proc.events (the job book: pgid counter, handled requests, live jobs) and kpm.nodes
 * (the live nodes) to their ends. It observes StartupEvent ahead of SmallRye Reactive Messaging (priority
 * 1000), so no channel is connected before it is done; the handlers still wait for {@link #awaitDone()} in
 * case a channel ever starts first.
 */
@ApplicationScoped
public class StartupRebuild {

    private static final Logger LOG = Logger.getLogger(StartupRebuild.class);

    private final CountDownLatch done = new CountDownLatch(1);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    SchedulerConfig config;

    @ConfigProperty(name = RetentionOverrides.RETENTION_KEY)
    Optional<String> retention;

    @ConfigProperty(name = RetentionOverrides.RETENTION_BYTES_KEY)
    Optional<String> retentionBytes;

    /** Quarkus' kafka.* settings: bootstrap and, on a secured cluster, security.protocol, sasl.*, ssl.*. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Inject
    Jobs jobs;

    @Inject
    LiveNodes nodes;

    @Inject
    PeriodicChecks periodicChecks;

    void onStart(@Observes @Priority(10) StartupEvent event) {
        long started = System.nanoTime();
        TopicSetup.ensureTopics(kafka, config.replicationFactor(),
                RetentionOverrides.parse(retention.orElse(null), retentionBytes.orElse(null)));
        long jobEvents = TopicLog.readToEnd(kafka, Topics.JOBS, jobs::replay);
        long procEvents = TopicLog.readToEnd(kafka, Topics.PROC_EVENTS, jobs::replay);
        long nodeEvents = TopicLog.readToEnd(kafka, Topics.NODES, nodes::apply);
        long nextPgid = jobs.locked(book -> book.nextPgid());
        long liveJobs = jobs.locked(book -> (long) book.liveJobs().size());
        done.countDown();
        LOG.infof("state rebuilt in %d ms from %d job, %d process and %d node events: next pgid %d, %d live job(s), "
                + "%d live node(s)", (System.nanoTime() - started) / 1_000_000, jobEvents, procEvents, nodeEvents,
                nextPgid, liveJobs, nodes.placeable().size());
        periodicChecks.start();
    }

    public boolean isDone() {
        return done.getCount() == 0;
    }

    public void awaitDone() {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the startup rebuild", e);
        }
    }
}
