package io.kpm.gateway.jobs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.JobAborted;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobFailed;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.JobRunning;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.OutputChunk;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcLaunchFailed;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.RankExit;
import io.kpm.schemas.events.RankPlacement;
import io.kpm.schemas.events.SpawnCompleted;
import io.kpm.schemas.events.SpawnFailed;

/**
 * What the gateway knows about one process group. The job's events come from four topics read by four
 * consumers, so they arrive in no particular order across topics (a ProcStarted may come before its
 * JobAccepted): the state is kept as facts that do not depend on that order, and the view is derived from them.
 * Guarded by its own monitor; listeners (open streams) are told after every change.
 */
public final class Job {

    private final long pgid;
    private final JobOutput output;
    private final List<KpmEvent> events = new ArrayList<>();
    private final Set<String> seenEventIds = new HashSet<>();
    private final Map<Integer, RankProgress> ranks = new TreeMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private JobAccepted accepted;
    private JobPlaced placed;
    private boolean running;
    private KpmEvent spawnResult;
    private KpmEvent terminal;
    private long terminalSeenNanos;

    /** What the process events said about one rank. */
    private static final class RankProgress {
        String nodeId;
        Long pid;
        String cpus;
        boolean started;
        boolean exited;
        Integer exitCode;
        boolean launchFailed;
        String message;
    }

    public Job(long pgid, long outputCapBytes) {
        this.pgid = pgid;
        this.output = new JobOutput(outputCapBytes);
    }

    public long pgid() {
        return pgid;
    }

    /** Applies one event of this job; a repeated event (same eventId) is ignored. */
    public void apply(KpmEvent event) {
        synchronized (this) {
            if (!seenEventIds.add(event.meta().eventId())) return;
            if (event instanceof OutputChunk chunk) {
                output.append(chunk);
            } else {
                record(event);
                events.add(event);
            }
        }
        wake();
    }

    private void record(KpmEvent event) {
        if (event instanceof JobAccepted e) {
            accepted = e;
        } else if (event instanceof JobPlaced e) {
            placed = e;
        } else if (event instanceof JobRunning) {
            running = true;
        } else if (event instanceof JobFinished || event instanceof JobFailed || event instanceof JobAborted) {
            // the scheduler ends a job once; should a second end ever appear, the first one stands
            if (terminal == null) {
                terminal = event;
                terminalSeenNanos = System.nanoTime();
            }
        } else if (event instanceof ProcStarted e) {
            RankProgress r = rank(e.rank());
            r.nodeId = e.nodeId();
            r.pid = e.pid();
            r.cpus = e.cpus();
            r.started = true;
        } else if (event instanceof ProcExited e) {
            RankProgress r = rank(e.rank());
            r.nodeId = e.nodeId();
            r.exited = true;
            r.exitCode = e.exitCode();
        } else if (event instanceof ProcLaunchFailed e) {
            RankProgress r = rank(e.rank());
            r.nodeId = e.nodeId();
            r.launchFailed = true;
            r.message = e.message();
        } else if (event instanceof SpawnCompleted || event instanceof SpawnFailed) {
            if (spawnResult == null) spawnResult = event;
        }
    }

    private RankProgress rank(int rank) {
        return ranks.computeIfAbsent(rank, r -> new RankProgress());
    }

    /**
     * The rank whose stdin the job's launcher forwards ({@code jobInfo.stdin}), or empty: the job was not started with
     * its stdin forwarded, or is a spawned group (the scheduler never gives those a stdin).
     */
    public synchronized java.util.Optional<Integer> stdinRank() {
        if (accepted == null || accepted.spawnerPgid() != null) return java.util.Optional.empty();
        String value = accepted.jobInfo().get("stdin");
        try {
            return value == null ? java.util.Optional.empty() : java.util.Optional.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** A job exists for the API once its JobAccepted arrived; before that only stray events are held. */
    public synchronized boolean isKnown() {
        return accepted != null;
    }

    /**
     * The job is placed, every rank of it started (one that already exited started too), none failed to launch
     * and nothing ended the job or failed its spawn: what this gateway answers a spawn on, without waiting for the
     * scheduler's SpawnCompleted, which follows from the same ProcStarted records one Kafka passage later.
     */
    public synchronized boolean allRanksStarted() {
        if (accepted == null || placed == null || accepted.size() <= 0 || terminal != null
                || spawnResult instanceof SpawnFailed) {
            return false;
        }
        for (int r = 0; r < accepted.size(); r++) {
            RankProgress g = ranks.get(r);
            if (g == null || g.launchFailed || !(g.started || g.exited)) return false;
        }
        return true;
    }

    /** The number of ranks the scheduler accepted, 0 before its JobAccepted. */
    public synchronized int size() {
        return accepted != null ? accepted.size() : 0;
    }

    /** The kvsname the scheduler gave this job, null before its JobAccepted. */
    public synchronized String kvsname() {
        return accepted != null ? accepted.kvsname() : null;
    }

    public synchronized boolean hasEnded() {
        return terminal != null;
    }

    public synchronized long outputBytes() {
        return output.bytes();
    }

    public synchronized JobView view() {
        Map<Integer, RankPlacement> placements = new HashMap<>();
        if (placed != null) placed.ranks().forEach(p -> placements.put(p.rank(), p));
        Map<Integer, Integer> finishedExits = finishedExitCodes();

        int size = accepted != null ? accepted.size() : placed != null ? placed.size() : 0;
        Set<Integer> rankNumbers = new TreeSet<>(ranks.keySet());
        rankNumbers.addAll(placements.keySet());
        for (int r = 0; r < size; r++) rankNumbers.add(r);

        List<RankView> rankViews = new ArrayList<>();
        for (int r : rankNumbers) {
            RankPlacement p = placements.get(r);
            RankProgress g = ranks.get(r);
            Integer finishedExit = finishedExits.get(r);
            RankState state;
            if (g != null && g.launchFailed) state = RankState.LAUNCH_FAILED;
            else if ((g != null && g.exited) || finishedExit != null) state = RankState.EXITED;
            else if (g != null && g.started) state = RankState.STARTED;
            else state = RankState.PENDING;
            rankViews.add(new RankView(r,
                    p != null ? p.nodeId() : g != null ? g.nodeId : null,
                    p != null ? p.appnum() : null,
                    g != null ? g.pid : null,
                    state,
                    g != null && g.exitCode != null ? g.exitCode : finishedExit,
                    g != null ? g.message : null,
                    g != null && g.started ? g.cpus : p != null ? p.cpus() : null));
        }

        Integer exitCode = null;
        String reason = null;
        if (terminal instanceof JobFinished e) {
            exitCode = e.exitCode();
        } else if (terminal instanceof JobFailed e) {
            exitCode = e.exitCode();
            reason = e.reason();
        } else if (terminal instanceof JobAborted e) {
            exitCode = e.exitCode();
            reason = e.reason();
        }
        return new JobView(pgid,
                accepted != null ? accepted.kvsname() : placed != null ? placed.kvsname() : null,
                accepted != null ? accepted.requestId() : null,
                accepted != null ? accepted.spawnerPgid() : null,
                state(),
                size,
                placed != null ? placed.nodes() : List.of(),
                rankViews,
                exitCode,
                reason,
                accepted != null ? accepted.meta().time() : null,
                terminal != null ? terminal.meta().time() : null,
                accepted != null ? accepted.jobInfo() : Map.of(),
                accepted != null ? accepted.apps().stream().map(AppSpec::info).toList() : List.of());
    }

    private JobState state() {
        if (terminal instanceof JobFinished) return JobState.FINISHED;
        if (terminal instanceof JobFailed) return JobState.FAILED;
        if (terminal instanceof JobAborted) return JobState.ABORTED;
        if (running) return JobState.RUNNING;
        if (placed != null) return JobState.PLACED;
        return JobState.ACCEPTED;
    }

    private Map<Integer, Integer> finishedExitCodes() {
        Map<Integer, Integer> out = new HashMap<>();
        if (terminal instanceof JobFinished f) {
            for (RankExit r : f.ranks()) {
                if (r.exitCode() != null) out.put(r.rank(), r.exitCode());
            }
        }
        return out;
    }

    /**
     * The job's events from {@code index} on. The stream is complete after the terminal job event once the
     * events that must precede it are here too (they may come later on other topics): for a finished job every
     * exited rank's ProcExited, for a finished or failed job its spawn result. Waits at most {@code graceNanos}
     * after the end was seen. Nothing is sent before the consumers caught up with the topics once.
     */
    public synchronized Slice<KpmEvent> eventsFrom(int index, boolean caughtUp, long graceNanos) {
        // The replay waits for the catch-up and is put in time order: while the gateway reads the topics from
        // the start, one topic may be read well ahead of another, so arrival order means nothing across topics.
        // Live events then follow in arrival order, which is their real order give or take milliseconds.
        if (!caughtUp) return new Slice<>(List.of(), index, false, -1);
        List<KpmEvent> items = index >= events.size() ? List.of() : new ArrayList<>(events.subList(index, events.size()));
        if (index == 0) items.sort(Comparator.comparing(e -> e.meta().time()));
        boolean settled = terminal != null && eventsSettled();
        return endSlice(items, events.size(), settled, caughtUp, graceNanos);
    }

    private boolean eventsSettled() {
        boolean needsSpawnResult = accepted != null && accepted.requestId() != null
                && (terminal instanceof JobFinished || terminal instanceof JobFailed);
        if (needsSpawnResult && spawnResult == null) return false;
        if (terminal instanceof JobFinished f) {
            for (RankExit r : f.ranks()) {
                RankProgress g = ranks.get(r.rank());
                if (r.exitCode() != null && (g == null || !g.exited)) return false;
            }
        }
        return true;
    }

    /**
     * The job's output from {@code index} on, then {@link OutputItem.End} with the final view once the job ended
     * and every started rank's stdout and stderr reached EOF (or the grace after the end passed).
     */
    public synchronized Slice<OutputItem> outputFrom(int index, boolean caughtUp, long graceNanos) {
        boolean settled = terminal != null && startedRanksReachedEof();
        Slice<OutputItem> slice = endSlice(output.from(index), output.size(), settled, caughtUp, graceNanos);
        if (!slice.complete()) return slice;
        List<OutputItem> withEnd = new ArrayList<>(slice.items());
        withEnd.add(new OutputItem.End(view()));
        return new Slice<>(withEnd, slice.next(), true, -1);
    }

    private boolean startedRanksReachedEof() {
        Set<Integer> started = new HashSet<>(finishedExitCodes().keySet());
        ranks.forEach((rank, g) -> {
            if (g.started || g.exited) started.add(rank);
        });
        for (int rank : started) {
            if (!output.reachedEof(rank)) return false;
        }
        return true;
    }

    private <T> Slice<T> endSlice(List<T> items, int next, boolean settled, boolean caughtUp, long graceNanos) {
        if (terminal == null || !caughtUp) return new Slice<>(items, next, false, -1);
        long left = graceNanos - (System.nanoTime() - terminalSeenNanos);
        if (settled || left <= 0) return new Slice<>(items, next, true, -1);
        return new Slice<>(items, next, false, left);
    }

    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** Tells every open stream of this job to look again. */
    public void wake() {
        for (Runnable l : listeners) l.run();
    }
}
