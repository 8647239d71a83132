package io.kpm.gateway.pmi.server;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.kpm.gateway.GatewayConfig;
import io.kpm.gateway.kafka.CatchUp;
import io.kpm.gateway.kafka.EventPublisher;
import io.kpm.gateway.kafka.KafkaAdmin;
import io.kpm.gateway.nodes.NodeState;
import io.kpm.gateway.nodes.NodeView;
import io.kpm.gateway.nodes.NodeViews;
import io.kpm.gateway.pmi.group.NameService;
import io.kpm.gateway.pmi.group.ProcessGroups;
import io.kpm.gateway.pmi.handlers.PmiBackend;
import io.kpm.gateway.pmi.handlers.UnknownIds;
import io.kpm.gateway.spawn.SpawnOutcome;
import io.kpm.gateway.spawn.SpawnService;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.AbortRequested;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.JobAborted;
import io.kpm.schemas.events.JobFailed;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.SpawnRequested;

/** The PMI handlers' view of the gateway: groups, names, nodes, spawn and abort through Kafka. */
@ApplicationScoped
public class GatewayPmiBackend implements PmiBackend {

    private static final Logger LOG = Logger.getLogger(GatewayPmiBackend.class);

    @Inject
    ProcessGroups groups;

    @Inject
    NameService names;

    @Inject
    NodeViews nodes;

    @Inject
    SpawnService spawns;

    @Inject
    EventPublisher publisher;

    @Inject
    GatewayConfig config;

    @Inject
    PmiServer server;

    /**
     * Called by the consumers for kpm.jobs and kpm.proc.events, before spawn waiters hear of the event. A rank
     * that exited without finalize while others wait in a barrier ends the job instead of hanging it.
     */
    public void onEvent(KpmEvent event) {
        Long ended = event instanceof JobFinished e ? Long.valueOf(e.pgid())
                : event instanceof JobFailed e ? Long.valueOf(e.pgid())
                : event instanceof JobAborted e ? Long.valueOf(e.pgid()) : null;
        if (ended != null) names.jobEnded(ended);
        groups.apply(event).ifPresent(reason -> {
            if (event instanceof ProcExited e) {
                LOG.warnf("aborting pgid %d: %s", e.pgid(), reason);
                abort(e.pgid(), reason, e.exitCode() != 0 ? e.exitCode() : 1, false);
            }
        });
    }

    @Override
    public ProcessGroups groups() {
        return groups;
    }

    private UnknownIds unknownIds;

    @PostConstruct
    void init() {
        unknownIds = new UnknownIds(config.pmi().maxUnknownIds(), config.pmi().unknownIdWindow());
    }

    @Override
    public UnknownIds unknownIds() {
        return unknownIds;
    }

    @Override
    public NameService names() {
        return names;
    }

    @Override
    public int universeSize() {
        if (config.universeSize().isPresent()) return config.universeSize().get();
        return nodes.list(Instant.now()).stream()
                .filter(n -> n.state() == NodeState.UP)
                .mapToInt(NodeView::cores)
                .sum();
    }

    @Inject
    KafkaAdmin kafkaAdmin;

    @Inject
    CatchUp catchUp;

    /** One thread asks Kafka where kpm.jobs ends; callers that come while a question waits to be asked share it. */
    private final ExecutorService jobsEndReader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kpm-pmi-jobs-end");
        t.setDaemon(true);
        return t;
    });
    private CompletableFuture<Void> nextJobsEnd;

    @Override
    public synchronized CompletionStage<Void> jobsReadToNow() {
        // a question not asked yet will see the log as of now or later: enough for every caller so far
        if (nextJobsEnd == null) {
            CompletableFuture<Void> read = new CompletableFuture<>();
            nextJobsEnd = read;
            jobsEndReader.execute(() -> readJobsToEnd(read));
        }
        return nextJobsEnd;
    }

    private void readJobsToEnd(CompletableFuture<Void> read) {
        synchronized (this) {
            if (nextJobsEnd == read) nextJobsEnd = null; // asked from now on: later callers need a new question
        }
        try {
            Map<TopicPartition, Long> ends = kafkaAdmin.endOffsets(List.of(Topics.JOBS));
            long deadline = System.nanoTime() + config.pmi().identifyWait().toNanos();
            while (!catchUp.reached(ends)) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("kpm.jobs not read in time");
                Thread.sleep(5);
            }
            read.complete(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            read.completeExceptionally(e);
        } catch (Exception e) {
            read.completeExceptionally(e);
        }
    }

    @Override
    public Duration identifyWait() {
        return config.pmi().identifyWait();
    }

    @Override
    public String pmiEndpoint() {
        return server.advertisedEndpoint();
    }

    @Override
    public EventMeta newMeta() {
        return publisher.newMeta();
    }

    @Override
    public CompletionStage<SpawnOutcome> spawn(SpawnRequested request) {
        return spawns.spawn(request, true).subscribeAsCompletionStage();
    }

    @Override
    public void abort(long pgid, String reason, Integer exitCode, boolean spawnFamily) {
        AbortRequested abort = new AbortRequested(publisher.newMeta(), UUID.randomUUID().toString(), pgid, reason,
                exitCode, spawnFamily);
        publisher.publish(abort).whenComplete((ok, failure) -> {
            if (failure != null) LOG.errorf("cannot publish AbortRequested for pgid %d: %s", pgid, failure.getMessage());
        });
    }
}
