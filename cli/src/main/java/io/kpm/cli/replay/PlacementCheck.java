package io.kpm.cli.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.kpm.scheduler.jobs.Job;
import io.kpm.scheduler.jobs.JobBook;
import io.kpm.scheduler.jobs.Rank;
import io.kpm.scheduler.placement.DebugTarget;
import io.kpm.scheduler.placement.HydraPlacement;
import io.kpm.scheduler.placement.PlacedRank;
import io.kpm.scheduler.placement.PlacementInputs;
import io.kpm.scheduler.placement.PlacementResult;
import io.kpm.scheduler.placement.PlacementResult.Placed;
import io.kpm.scheduler.placement.PlacementResult.Refused;
import io.kpm.scheduler.placement.SpawnPlacement;
import io.kpm.scheduler.proc.JobProgress;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobFailed;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.PlacementInput;
import io.kpm.schemas.events.Producer;
import io.kpm.schemas.events.RankPlacement;
import io.kpm.schemas.events.SpawnFailed;
import io.kpm.schemas.events.SpawnRequested;

/**
 * Re-makes the scheduler's recorded decisions from their recorded inputs with the scheduler's own code, and
 * reports every decision that comes out differently. The decisions checked:
 * <ul>
 * <li>pgid: every accepted job gets the previous largest pgid + 1;</li>
 * <li>placement: {@link SpawnPlacement} ({@link HydraPlacement}, or for debugger daemons the target's placement as
 * its JobPlaced recorded it) on the request (from kpm.spawn.requests) and the nodes the decision recorded, with
 * {@code localhost} taken from where the replayed log put the spawning rank, must give the recorded ranks, nodes and
 * process mapping;</li>
 * <li>refusal: a request refused by placement must still be refused, with the same status and reason;</li>
 * <li>outcome: a finished job's exit code, and a job failed by a launch failure, must follow from its ranks'
 * process events as {@link JobProgress} decides.</li>
 * </ul>
 * Decisions that depend on the clock (launch deadlines, lost nodes) or on a person (aborts) are not re-made.
 * One decision that differs is one {@link Difference}, however many of its parts differ.
 */
public final class PlacementCheck {

    /** @param subject "job 12" or "request 3f2a…"; @param decision pgid, placement, refusal or outcome */
    public record Difference(String subject, String decision, String detail) {
        @Override
        public String toString() {
            return subject + ": " + decision + ": " + detail;
        }
    }

    /** @param notChecked decisions whose inputs are not in the log, with the reason */
    public record Result(int pgids, int placements, int refusals, int outcomes, List<String> notChecked,
            List<Difference> differences) {
        public int checked() {
            return pgids + placements + refusals + outcomes;
        }
    }

    /** JobProgress stamps the events it would publish; a replay publishes nothing, so any stamp will do. */
    private static final EventMeta REPLAY_META = new EventMeta("replay", Instant.EPOCH,
            new Producer("kpm-replay", "check"), EventMeta.SCHEMA_VERSION);

    private final Map<String, SpawnRequested> requests = new HashMap<>();
    private final Map<Long, JobAccepted> accepted = new HashMap<>();
    private final Map<Long, JobPlaced> firstPlacement = new HashMap<>();
    private final JobBook book = new JobBook();
    private final List<String> notChecked = new ArrayList<>();
    private final List<Difference> differences = new ArrayList<>();
    private int pgids;
    private int placements;
    private int refusals;
    private int outcomes;

    private PlacementCheck() {
    }

    /** @param fromStart whether the log starts at the beginning (a window from --since has no pgid to count on) */
    public static Result check(RecordedLog log, boolean fromStart) {
        PlacementCheck check = new PlacementCheck();
        check.run(log, fromStart);
        return new Result(check.pgids, check.placements, check.refusals, check.outcomes,
                List.copyOf(check.notChecked), List.copyOf(check.differences));
    }

    private void run(RecordedLog log, boolean fromStart) {
        for (KpmEvent event : log.requests()) {
            if (event instanceof SpawnRequested r && r.requestId() != null) requests.putIfAbsent(r.requestId(), r);
        }
        boolean countKnown = fromStart;
        List<KpmEvent> outcomesToCheck = new ArrayList<>();
        for (KpmEvent event : log.jobEvents()) {
            if (event instanceof JobAccepted a) {
                if (countKnown) checkPgid(a);
                countKnown = true;
                accepted.putIfAbsent(a.pgid(), a);
            } else if (event instanceof JobPlaced p) {
                checkPlacement(p);
                firstPlacement.putIfAbsent(p.pgid(), p);
            } else if (event instanceof JobFinished || event instanceof JobFailed) {
                outcomesToCheck.add(event);
            }
            book.apply(event);
        }
        log.procEvents().forEach(book::apply);
        for (KpmEvent event : log.spawnResults()) {
            if (event instanceof SpawnFailed f && f.pgid() == null) checkRefusal(f);
        }
        Map<Long, List<KpmEvent>> procByPgid = procEventsByPgid(log.procEvents());
        for (KpmEvent outcome : outcomesToCheck) checkOutcome(outcome, procByPgid);
    }

    private void checkPgid(JobAccepted a) {
        pgids++;
        long expected = book.nextPgid();
        if (a.pgid() != expected) {
            differences.add(new Difference("job " + a.pgid(), "pgid", "recorded pgid " + a.pgid()
                    + ", the next pgid after the jobs before it is " + expected));
        }
    }

    private void checkPlacement(JobPlaced placed) {
        String subject = "job " + placed.pgid();
        JobAccepted acceptedJob = accepted.get(placed.pgid());
        if (acceptedJob == null) {
            notChecked.add(subject + ": placement: its JobAccepted is not in the log read");
            return;
        }
        if (placed.input() == null) {
            notChecked.add(subject + ": placement: recorded without its inputs (a log from before kpm recorded them)");
            return;
        }
        SpawnRequested request = requests.get(acceptedJob.requestId());
        if (request == null) {
            notChecked.add(subject + ": placement: its request " + acceptedJob.requestId() + " is not in the log read");
            return;
        }
        placements++;
        List<String> differs = new ArrayList<>();
        String spawnerNode = spawnerNode(request).orElse(placed.input().spawnerNode());
        if (!Objects.equals(spawnerNode, placed.input().spawnerNode())) {
            differs.add("the spawning rank ran on " + spawnerNode + ", the decision recorded "
                    + placed.input().spawnerNode());
        }
        if (!request.apps().equals(acceptedJob.apps())) differs.add("the accepted apps are not the requested ones");
        PlacementResult replayed = SpawnPlacement.place(request, debugTargetRanks(request), PlacementInputs.nodes(placed.input()),
                spawnerNode);
        if (replayed instanceof Refused refused) {
            differs.add("recorded placed on " + placed.nodes() + ", replay refuses it (" + refused.status() + ": "
                    + refused.reason() + ")");
        } else {
            differs.addAll(compare(placed, (Placed) replayed));
        }
        if (!differs.isEmpty()) differences.add(new Difference(subject, "placement", String.join("; ", differs)));
    }

    private static List<String> compare(JobPlaced recorded, Placed replayed) {
        List<String> differs = new ArrayList<>();
        if (recorded.size() != replayed.size() || recorded.ranks().size() != replayed.size()) {
            differs.add("recorded " + recorded.ranks().size() + " rank(s), replay places " + replayed.size());
            return differs;
        }
        int ranksDiffer = 0;
        String first = null;
        for (int i = 0; i < replayed.size(); i++) {
            RankPlacement was = recorded.ranks().get(i);
            PlacedRank now = replayed.ranks().get(i);
            if (was.rank() != now.rank() || !was.nodeId().equals(now.nodeId()) || was.appnum() != now.appnum()
                    || !Objects.equals(was.cpus(), now.cpus())) {
                ranksDiffer++;
                if (first == null) first = "rank " + now.rank() + " recorded on " + was.nodeId() + " (app "
                        + was.appnum() + cpus(was.cpus()) + "), replay places it on " + now.nodeId() + " (app "
                        + now.appnum() + cpus(now.cpus()) + ")";
            }
        }
        if (first != null) differs.add(first + (ranksDiffer > 1 ? " (" + ranksDiffer + " ranks differ)" : ""));
        if (!recorded.nodes().equals(replayed.nodes())) {
            differs.add("node list recorded " + recorded.nodes() + ", replay " + replayed.nodes());
        }
        if (!recorded.processMapping().equals(replayed.processMapping())) {
            differs.add("PMI_process_mapping recorded " + recorded.processMapping() + ", replay "
                    + replayed.processMapping());
        }
        return differs;
    }

    /** ", cpus 0-1" for a bound rank, nothing for one that floats. */
    private static String cpus(String cpus) {
        return cpus == null ? "" : ", cpus " + cpus;
    }

    private void checkRefusal(SpawnFailed refusal) {
        String subject = "request " + refusal.requestId();
        if (refusal.input() == null) return; // not placement's refusal (a scheduler error): nothing to re-run
        SpawnRequested request = requests.get(refusal.requestId());
        if (request == null) {
            notChecked.add(subject + ": refusal: the request is not in the log read");
            return;
        }
        refusals++;
        PlacementInput input = refusal.input();
        String spawnerNode = spawnerNode(request).orElse(input.spawnerNode());
        PlacementResult replayed = SpawnPlacement.place(request, debugTargetRanks(request), PlacementInputs.nodes(input),
                spawnerNode);
        if (replayed instanceof Placed placed) {
            differences.add(new Difference(subject, "refusal", "recorded refused (" + refusal.status() + ": "
                    + refusal.reason() + "), replay places it on " + placed.nodes()));
        } else if (replayed instanceof Refused refused
                && (refused.status() != refusal.status() || !refused.reason().equals(refusal.reason()))) {
            differences.add(new Difference(subject, "refusal", "recorded " + refusal.status() + " (" + refusal.reason()
                    + "), replay " + refused.status() + " (" + refused.reason() + ")"));
        }
    }

    /**
     * The ranks of the job a request's debugger daemons debug, as its first JobPlaced recorded them: what the
     * scheduler placed the daemons beside (empty when the request names no target, or the target's placement is not in
     * the log read).
     */
    private List<DebugTarget.TargetRank> debugTargetRanks(SpawnRequested request) {
        if (!(DebugTarget.of(request.jobInfo()) instanceof DebugTarget.Named named)) return List.of();
        JobPlaced target = firstPlacement.get(named.target().pgid());
        if (target == null) return List.of();
        return target.ranks().stream().map(r -> new DebugTarget.TargetRank(r.rank(), r.nodeId())).toList();
    }

    /** Where the replayed log put the spawning rank: what {@code localhost} meant in its request. */
    private Optional<String> spawnerNode(SpawnRequested request) {
        if (request.spawnerPgid() == null || request.spawnerRank() == null) return Optional.empty();
        return book.job(request.spawnerPgid())
                .flatMap(job -> job.ranks().stream().filter(r -> r.rank() == request.spawnerRank()).findFirst())
                .map(Rank::nodeId);
    }

    private void checkOutcome(KpmEvent outcome, Map<Long, List<KpmEvent>> procByPgid) {
        long pgid = outcome instanceof JobFinished f ? f.pgid() : ((JobFailed) outcome).pgid();
        if (outcome instanceof JobFailed failed && failed.failedRank() == null) return; // a deadline: the clock's
        JobAccepted acceptedJob = accepted.get(pgid);
        JobPlaced placed = firstPlacement.get(pgid);
        if (acceptedJob == null || placed == null) {
            notChecked.add("job " + pgid + ": outcome: its JobAccepted or JobPlaced is not in the log read");
            return;
        }
        outcomes++;
        JobBook jobOnly = new JobBook();
        jobOnly.apply(acceptedJob);
        jobOnly.apply(placed);
        procByPgid.getOrDefault(pgid, List.of()).forEach(jobOnly::apply);
        Job job = jobOnly.job(pgid).orElseThrow();
        String replayed = JobProgress.afterProcEvent(job, () -> REPLAY_META).stream()
                .filter(e -> e instanceof JobFinished || e instanceof JobFailed)
                .map(PlacementCheck::describeOutcome)
                .findFirst().orElse("no outcome yet");
        String recorded = describeOutcome(outcome);
        if (!recorded.equals(replayed)) {
            differences.add(new Difference("job " + pgid, "outcome", "recorded " + recorded + ", its process events give "
                    + replayed));
        }
    }

    private static String describeOutcome(KpmEvent outcome) {
        if (outcome instanceof JobFinished f) return "finished with exit code " + f.exitCode();
        JobFailed failed = (JobFailed) outcome;
        return "failed with exit code " + failed.exitCode();
    }

    private static Map<Long, List<KpmEvent>> procEventsByPgid(List<KpmEvent> procEvents) {
        Map<Long, List<KpmEvent>> byPgid = new LinkedHashMap<>();
        for (KpmEvent event : procEvents) {
            Long pgid = ProcEvents.pgid(event);
            if (pgid != null) byPgid.computeIfAbsent(pgid, p -> new ArrayList<>()).add(event);
        }
        return byPgid;
    }
}
