package io.kpm.nodeagent.process;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** A started rank: its OS process, whether kpm killed it, and when its ProcExited has been published. */
public final class RankProcess {

    private final RankKey key;
    private final Process process;
    private final AtomicBoolean killed = new AtomicBoolean();
    private final CompletableFuture<Void> reported = new CompletableFuture<>();

    public RankProcess(RankKey key, Process process) {
        this.key = key;
        this.process = process;
    }

    public RankKey key() {
        return key;
    }

    public long pgid() {
        return key.pgid();
    }

    public int rank() {
        return key.rank();
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    /** Set before the first signal, so that the ProcExited that follows says killed=true. */
    public void markKilled() {
        killed.set(true);
    }

    public boolean killed() {
        return killed.get();
    }

    /** Completes once the rank's ProcExited was published (or could not be). */
    public CompletableFuture<Void> reported() {
        return reported;
    }

    @Override
    public String toString() {
        return key + " (pid " + process.pid() + ")";
    }
}
