package io.kpm.cli.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

import io.kpm.cli.http.GatewayClient;
import io.kpm.cli.http.JobView;

/**
 * What {@code mpiexec} does for {@code MPI_Comm_spawn}: the output of every group the job's ranks spawn (and
 * those spawn in turn) reaches {@code kpm run}'s stdout and stderr, and the run waits until each of them has
 * ended. The groups are found by polling the gateway's {@code GET /jobs/{pgid}/family}; each one's output stream
 * is followed on a thread of its own with {@link JobOutputFollower}.
 */
final class SpawnedGroupsFollower {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private final GatewayClient gateway;
    private final LongFunction<RankOutput> outputOf;
    private final PrintStream err;
    private final long root;
    /** spawned pgid -> the thread following its output; guarded by this */
    private final Map<Long, Thread> followers = new TreeMap<>();
    /** spawned pgid -> its view at its end; guarded by this */
    private final Map<Long, JobView> ended = new TreeMap<>();
    private final Thread watcher;
    private volatile boolean stopped;

    /** @param outputOf where the output of a spawned group goes, by its pgid */
    SpawnedGroupsFollower(GatewayClient gateway, long root, LongFunction<RankOutput> outputOf, PrintStream err) {
        this.gateway = gateway;
        this.root = root;
        this.outputOf = outputOf;
        this.err = err;
        this.watcher = new Thread(this::watch, "kpm-run-spawned-groups");
        this.watcher.setDaemon(true);
    }

    void start() {
        watcher.start();
    }

    /** The spawned groups followed so far that have not ended: what a Ctrl-C must kill besides the job. */
    synchronized List<Long> live() {
        return followers.keySet().stream().filter(pgid -> !ended.containsKey(pgid)).toList();
    }

    /**
     * Called once the job itself ended: waits for every spawned group to end and its output to be written, also
     * for groups that only now show up (a rank may have spawned just before it exited).
     *
     * @return the views of the spawned groups at their end, by pgid
     */
    List<JobView> awaitAll() {
        stopped = true;
        watcher.interrupt();
        while (true) {
            int known = discover();
            for (Thread follower : snapshot()) {
                try {
                    follower.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return endedViews();
                }
            }
            if (discover() == known) return endedViews();
        }
    }

    private void watch() {
        while (!stopped) {
            discover();
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Starts following every spawned group not followed yet; @return how many groups are followed now */
    private synchronized int discover() {
        List<JobView> family;
        try {
            family = gateway.family(root);
        } catch (RuntimeException e) {
            // the job's own follower reports an unreachable gateway; the next poll tries again
            return followers.size();
        }
        for (JobView member : family) {
            Long pgid = member.pgid();
            if (pgid == null || pgid == root || followers.containsKey(pgid)) continue;
            Thread follower = new Thread(() -> follow(pgid), "kpm-run-output-" + pgid);
            follower.setDaemon(true);
            followers.put(pgid, follower);
            follower.start();
        }
        return followers.size();
    }

    private void follow(long pgid) {
        JobView end;
        try {
            end = new JobOutputFollower(gateway, outputOf.apply(pgid), err).follow(pgid);
        } catch (RuntimeException e) {
            err.println("kpm run: lost spawned job " + pgid + ": " + e.getMessage());
            end = null;
        }
        synchronized (this) {
            ended.put(pgid, end);
        }
    }

    private synchronized List<Thread> snapshot() {
        return new ArrayList<>(followers.values());
    }

    private synchronized List<JobView> endedViews() {
        return ended.values().stream().filter(v -> v != null).toList();
    }
}
