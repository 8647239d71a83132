package io.kpm.gateway.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.kpm.schemas.events.JobAborted;
import io.kpm.schemas.events.JobFailed;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.JobRunning;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.RankExit;
import io.kpm.schemas.events.RankPlacement;

/**
 * Turns a job's event stream (as {@link Job#eventsFrom} gives it) into its notifications, each once, in order.
 * Events of one job come from several topics, so a notification waits for what it reports: {@code running} for
 * every rank's pid (or the job's end), {@code terminated} for the end of the event stream, which comes after the
 * ProcExited events of a finished job ({@link #finish}). One fold per reader; not thread-safe.
 */
public final class NotificationFold {

    private final long pgid;
    private JobPlaced placed;
    private JobRunning running;
    private KpmEvent terminal;
    private final Map<Integer, Long> pids = new TreeMap<>();
    private final Map<Integer, String> nodeOf = new TreeMap<>();
    private final Map<Integer, Integer> exits = new TreeMap<>();
    private boolean placedSent;
    private boolean runningSent;
    private boolean terminatedSent;

    public NotificationFold(long pgid) {
        this.pgid = pgid;
    }

    /** The notifications this event completes (often none). */
    public List<Notification> next(KpmEvent event) {
        if (event instanceof JobPlaced p && placed == null) {
            placed = p;
            p.ranks().forEach(r -> nodeOf.putIfAbsent(r.rank(), r.nodeId()));
        } else if (event instanceof JobRunning r) {
            running = r;
        } else if (event instanceof ProcStarted s) {
            pids.put(s.rank(), s.pid());
            nodeOf.put(s.rank(), s.nodeId());
        } else if (event instanceof ProcExited x) {
            exits.put(x.rank(), x.exitCode());
        } else if (event instanceof JobFinished f) {
            for (RankExit r : f.ranks()) {
                if (r.exitCode() != null) exits.putIfAbsent(r.rank(), r.exitCode());
            }
            if (terminal == null) terminal = event;
        } else if (event instanceof JobFailed || event instanceof JobAborted) {
            if (terminal == null) terminal = event;
        }
        List<Notification> out = new ArrayList<>();
        if (placed != null && !placedSent) {
            placedSent = true;
            List<Notification.RankNote> ranks = new ArrayList<>();
            for (RankPlacement r : placed.ranks()) ranks.add(new Notification.RankNote(r.rank(), r.nodeId(), null, null));
            out.add(new Notification(Notification.PLACED, pgid, placed.meta().time(), "PLACED", null, null,
                    placed.nodes(), ranks));
        }
        if (running != null && !runningSent && (terminal != null || placed == null || pids.size() >= placed.size())) {
            runningSent = true;
            List<Notification.RankNote> ranks = new ArrayList<>();
            nodeOf.forEach((rank, node) -> ranks.add(new Notification.RankNote(rank, node, pids.get(rank), null)));
            out.add(new Notification(Notification.RUNNING, pgid, running.meta().time(), "RUNNING", null, null,
                    placed == null ? null : placed.nodes(), ranks));
        }
        return out;
    }

    /** At the end of the job's event stream: {@code terminated}, when the job ended. */
    public List<Notification> finish() {
        if (terminal == null || terminatedSent) return List.of();
        terminatedSent = true;
        String state;
        Integer exitCode;
        String reason = null;
        if (terminal instanceof JobFinished f) {
            state = "FINISHED";
            exitCode = f.exitCode();
        } else if (terminal instanceof JobFailed f) {
            state = "FAILED";
            exitCode = f.exitCode();
            reason = f.reason();
        } else {
            JobAborted a = (JobAborted) terminal;
            state = "ABORTED";
            exitCode = a.exitCode();
            reason = a.reason();
        }
        List<Notification.RankNote> ranks = new ArrayList<>();
        nodeOf.forEach((rank, node) -> ranks.add(new Notification.RankNote(rank, node, pids.get(rank), exits.get(rank))));
        return List.of(new Notification(Notification.TERMINATED, pgid, terminal.meta().time(), state, exitCode, reason,
                placed == null ? null : placed.nodes(), ranks));
    }

    /** Every notification of a whole event list: what a long-poll answers from a snapshot. */
    public static List<Notification> of(long pgid, List<KpmEvent> events, boolean complete) {
        NotificationFold fold = new NotificationFold(pgid);
        List<Notification> out = new ArrayList<>();
        for (KpmEvent e : events) out.addAll(fold.next(e));
        if (complete) out.addAll(fold.finish());
        return out;
    }
}
