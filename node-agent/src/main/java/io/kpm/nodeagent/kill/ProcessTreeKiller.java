package io.kpm.nodeagent.kill;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Ends a set of processes the way a process manager should: SIGTERM to all of them at once (so that none
 * is orphaned by its parent dying first and escapes the tree), up to {@code grace} for them to go, then
 * SIGKILL to whatever is left, including anything they forked in the meantime.
 */
public final class ProcessTreeKiller {

    private static final Duration AFTER_SIGKILL = Duration.ofSeconds(5);

    private ProcessTreeKiller() {
    }

    /**
     * @param snapshot finds the processes to kill; called before SIGTERM and again before SIGKILL
     * @return the processes still running at the end (normally none)
     */
    public static List<ProcessHandle> kill(Supplier<Set<ProcessHandle>> snapshot, Duration grace) {
        Set<ProcessHandle> targets = new LinkedHashSet<>(snapshot.get());
        for (ProcessHandle p : targets) {
            if (ProcessLiveness.isRunning(p)) p.destroy();
        }
        if (!awaitGone(targets, grace)) {
            targets.addAll(snapshot.get());
            for (ProcessHandle p : List.copyOf(targets)) {
                if (ProcessLiveness.isRunning(p)) p.descendants().forEach(targets::add);
            }
            for (ProcessHandle p : targets) {
                if (ProcessLiveness.isRunning(p)) p.destroyForcibly();
            }
            awaitGone(targets, AFTER_SIGKILL);
        }
        return targets.stream().filter(ProcessLiveness::isRunning).toList();
    }

    private static boolean awaitGone(Set<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (processes.stream().noneMatch(ProcessLiveness::isRunning)) return true;
            if (System.nanoTime() >= deadline) return false;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
