package io.kpm.scheduler.spawn;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.kpm.schemas.events.AbortRequested;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.PlacementInput;
import io.kpm.schemas.events.SpawnFailed;
import io.kpm.schemas.events.SpawnRequested;
import io.kpm.scheduler.SchedulerConfig;
import io.kpm.scheduler.StartupRebuild;
import io.kpm.scheduler.jobs.Job;
import io.kpm.scheduler.jobs.JobBook;
import io.kpm.scheduler.jobs.Jobs;
import io.kpm.scheduler.jobs.Rank;
import io.kpm.scheduler.kafka.EventPublisher;
import io.kpm.scheduler.leader.Leadership;
import io.kpm.scheduler.metrics.SchedulerMetrics;
import io.kpm.scheduler.nodes.LiveNodes;
import io.kpm.scheduler.placement.DebugTarget;
import io.kpm.scheduler.placement.PlacementInputs;
import io.kpm.scheduler.placement.PlacementNode;
import io.kpm.scheduler.placement.PlacementResult;
import io.kpm.scheduler.placement.PlacementResult.Placed;
import io.kpm.scheduler.placement.PlacementResult.Refused;
import io.kpm.scheduler.placement.SpawnPlacement;
import io.kpm.scheduler.proc.JobProgress;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Handles kpm.spawn.requests: a SpawnRequested is placed and becomes a job (or is refused with SpawnFailed);
 * an AbortRequested ends its job. A request already answered (re-read after a restart or a change of leader) is
 * skipped. Only the leader handles requests: it alone owns their partition.
 */
@ApplicationScoped
public class SpawnRequestConsumer {

    private static final Logger LOG = Logger.getLogger(SpawnRequestConsumer.class);

    @Inject
    SchedulerConfig config;

    @Inject
    Jobs jobs;

    @Inject
    LiveNodes nodes;

    @Inject
    EventPublisher publisher;

    @Inject
    SchedulerMetrics metrics;

    @Inject
    StartupRebuild startup;

    @Inject
    Leadership leadership;

    private static final Duration LEAD_WAIT = Duration.ofSeconds(30);

    @Incoming("spawn-requests")
    @Blocking
    public void onRequest(ConsumerRecord<String, KpmEvent> record) {
        KpmEvent event = record.value();
        if (event == null) return;
        startup.awaitDone();
        // only a leader decides; a scheduler still taking the lead finishes rebuilding first. One that does not lead
        // within the wait lost the partition meanwhile: the leader reads this request again (our offset is not
        // committed for a partition we no longer own).
        if (!leadership.awaitLeading(LEAD_WAIT)) {
            LOG.warnf("%s at offset %d not handled: this scheduler does not lead", event.typeName(), record.offset());
            return;
        }
        if (event instanceof SpawnRequested request) {
            try {
                spawn(request);
            } catch (RuntimeException e) {
                // every request gets an answer, even when we have a bug
                LOG.errorf(e, "spawn request %s failed", request.requestId());
                if (!answered(request.requestId())) {
                    refuse(request, new Refused(500, "the scheduler could not handle the request: " + e), null);
                }
            }
        } else if (event instanceof AbortRequested abort) {
            abort(abort);
        }
    }

    private void spawn(SpawnRequested request) {
        if (request.requestId() == null || request.requestId().isBlank()) {
            LOG.warn("a SpawnRequested without requestId cannot be answered: ignored");
            return;
        }
        Optional<SpawnFailed> refusedBefore = jobs.locked(book -> book.refusal(request.requestId()));
        if (refusedBefore.isPresent()) {
            // sent again (its answer was lost, or a client retries with its id): the same answer, never a new decision
            SpawnFailed first = refusedBefore.get();
            LOG.infof("spawn request %s was refused before: refused again", request.requestId());
            SpawnFailed again = new SpawnFailed(publisher.meta(), first.requestId(), null, first.reason(), first.status(),
                    first.errcodes(), first.input());
            publisher.awaitWritten(jobs.locked(book -> jobs.record(List.of(again))));
            return;
        }
        if (answered(request.requestId())) {
            LOG.infof("spawn request %s was already accepted: skipped", request.requestId());
            return;
        }
        // its requester has been told it failed by now: run it late and it would be a job nobody waits for
        if (request.deadline() != null && Instant.now().isAfter(request.deadline())) {
            refuse(request, new Refused(504, "the request was read after its deadline (" + request.deadline()
                    + "): its requester has given up on it, so it is not run"), null);
            return;
        }
        // debugger daemons need a running target: not a placement question, so not one replay re-makes either
        Optional<Refused> notAttachable = debugRefusal(request);
        if (notAttachable.isPresent()) {
            refuse(request, notAttachable.get(), null);
            return;
        }
        Decision decision = place(request);
        if (decision.result() instanceof Refused refused && refused.status() == 503 && decision.input().nodes().isEmpty()) {
            // nodes may still be starting up (e.g. `kpm up`): give them a moment before saying no
            if (nodes.awaitAnyLive(config.placementWait())) decision = place(request);
        }
        if (decision.result() instanceof Refused refused) {
            refuse(request, refused, decision.input());
            return;
        }
        Placed placed = (Placed) decision.result();
        PlacementInput input = decision.input();
        List<CompletableFuture<Void>> sent = jobs.locked(book -> {
            if (book.answered(request.requestId())) return List.of();
            long pgid = book.nextPgid();
            List<Integer> pmiIds = PmiIds.choose(placed.size(), book.livePmiIds(), PmiIds.SECURE);
            metrics.jobAccepted();
            LOG.infof("spawn request %s is job %d: %d rank(s) on %s, mapping %s", request.requestId(), pgid,
                    placed.size(), placed.nodes(), placed.processMapping());
            return jobs.record(NewJob.events(pgid, request, placed, input, pmiIds, debuggerEnv(book, request),
                    publisher::meta));
        });
        publisher.awaitWritten(sent);
    }

    private boolean answered(String requestId) {
        return jobs.locked(book -> book.answered(requestId));
    }

    /** A placement outcome together with the inputs it was computed from, which the decision's event records. */
    private record Decision(PlacementResult result, PlacementInput input) {
    }

    private Decision place(SpawnRequested request) {
        long started = System.nanoTime();
        List<PlacementNode> usable = nodes.placeable();
        String spawnerNode = spawnerNode(request);
        PlacementResult result = SpawnPlacement.place(request, debugTargetRanks(request), usable, spawnerNode);
        metrics.placementTime(Duration.ofNanos(System.nanoTime() - started));
        return new Decision(result, PlacementInputs.of(usable, spawnerNode));
    }

    private Optional<Refused> debugRefusal(SpawnRequested request) {
        if (!(DebugTarget.of(request.jobInfo()) instanceof DebugTarget.Named named)) return Optional.empty();
        long pgid = named.target().pgid();
        return jobs.locked(book -> DebuggerEnv.notAttachable(pgid, book.job(pgid).orElse(null)));
    }

    /** The debug target's ranks (empty when the request names none). */
    private List<DebugTarget.TargetRank> debugTargetRanks(SpawnRequested request) {
        if (!(DebugTarget.of(request.jobInfo()) instanceof DebugTarget.Named named)) return List.of();
        return jobs.locked(book -> book.job(named.target().pgid()).map(DebuggerEnv::ranksOf).orElse(List.of()));
    }

    private static Map<Integer, Map<String, String>> debuggerEnv(JobBook book, SpawnRequested request) {
        if (!(DebugTarget.of(request.jobInfo()) instanceof DebugTarget.Named named)) return Map.of();
        return book.job(named.target().pgid()).map(t -> DebuggerEnv.of(named.target(), t)).orElse(Map.of());
    }

    /** The node the spawning rank runs on (what {@code localhost} means in its hosts), null from a launcher. */
    private String spawnerNode(SpawnRequested request) {
        if (request.spawnerPgid() == null || request.spawnerRank() == null) return null;
        return jobs.locked(book -> book.job(request.spawnerPgid())
                .flatMap(job -> job.ranks().stream().filter(r -> r.rank() == request.spawnerRank()).findFirst())
                .map(Rank::nodeId)
                .orElse(null));
    }

    /** @param input what placement refused on, null when the refusal was not placement's */
    private void refuse(SpawnRequested request, Refused refused, PlacementInput input) {
        LOG.infof("spawn request %s refused (%d): %s", request.requestId(), refused.status(), refused.reason());
        metrics.spawnRefused(refused.status());
        SpawnFailed failed = new SpawnFailed(publisher.meta(), request.requestId(), null, refused.reason(),
                refused.status(), List.of(), input);
        // recorded like a job: a request once refused is never run, not even by a leader that reads it again
        publisher.awaitWritten(jobs.locked(book -> jobs.record(List.of(failed))));
    }

    private void abort(AbortRequested abort) {
        List<CompletableFuture<Void>> sent = jobs.locked(book -> {
            Job job = book.job(abort.pgid()).orElse(null);
            if (job == null) {
                LOG.warnf("abort of unknown job %d (request %s): ignored", abort.pgid(), abort.requestId());
                return List.of();
            }
            if (job.ended() && !abort.endsSpawnFamily()) {
                LOG.infof("abort of job %d ignored: it already ended (%s)", abort.pgid(), job.state());
                return List.of();
            }
            LOG.infof("job %d aborted: %s", abort.pgid(), abort.reason());
            List<KpmEvent> decided = new ArrayList<>(JobProgress.abort(job, abort, publisher::meta));
            if (!decided.isEmpty()) metrics.jobAborted();
            // as under mpiexec, the groups a job's ranks spawned do not outlive its kill; a rank's MPI_Abort ends
            // the whole spawn family, its spawners too, as Hydra ends everything it launched
            Job root = abort.endsSpawnFamily() ? book.familyRoot(job) : job;
            List<Job> others = new ArrayList<>();
            if (root != job) others.add(root);
            others.addAll(book.liveSpawnedFrom(root.pgid()));
            String why = abort.reason() == null || abort.reason().isBlank() ? "" : " (" + abort.reason() + ")";
            for (Job other : others) {
                if (other == job || other.ended()) continue;
                String reason = abort.endsSpawnFamily()
                        ? "aborted with job " + job.pgid() + " of the same spawn family" + why
                        : "aborted with job " + job.pgid() + ", which it was spawned from" + why;
                LOG.infof("job %d %s", other.pgid(), reason);
                metrics.jobAborted();
                decided.addAll(JobProgress.abort(other, new AbortRequested(publisher.meta(), abort.requestId(),
                        other.pgid(), reason, abort.exitCode()), publisher::meta));
            }
            return jobs.record(decided);
        });
        if (!sent.isEmpty()) publisher.awaitWritten(sent);
    }
}
