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
import io.kpm.scheduler.kafka.TopicLog;
import io.kpm.scheduler.nodes.LiveNodes;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import java.util.Map;

/**
 * Prepares the scheduler before anything is handled: creates the topics if needed and reads kpm.nodes (the live
 * nodes) to its end, which a standby needs as much as a leader. The job book is rebuilt when this scheduler takes
 * the lead ({@link io.kpm.scheduler.leader.Leadership}). It observes StartupEvent ahead of SmallRye Reactive
 * Messaging (priority 1000), so no channel is connected before it is done; the handlers still wait for
 * {@link #awaitDone()} in case a channel ever starts first.
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
    LiveNodes nodes;

    @Inject
    PeriodicChecks periodicChecks;

    void onStart(@Observes @Priority(10) StartupEvent event) {
        long started = System.nanoTime();
        TopicSetup.ensureTopics(kafka, config.replicationFactor(),
                RetentionOverrides.parse(retention.orElse(null), retentionBytes.orElse(null)));
        long nodeEvents = TopicLog.readToEnd(kafka, Topics.NODES, nodes::apply);
        done.countDown();
        LOG.infof("started in %d ms: read %d node events, %d live node(s); waiting for the lead or standing by",
                (System.nanoTime() - started) / 1_000_000, nodeEvents, nodes.placeable().size());
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
