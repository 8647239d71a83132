package io.kpm.cli.stack;

import java.io.PrintStream;
import java.time.Duration;

import io.kpm.cli.CliFailure;

/**
 * Progress while services start: a line every few seconds naming what is awaited and how long the start has taken
 * so far, so a slow start (a cold JVM on a busy machine takes tens of seconds) does not look like a hang.
 */
public final class StartupProgress {

    static final Duration EVERY = Duration.ofSeconds(5);

    private final PrintStream out;
    private final long t0;
    private long lastLine;

    /** @param out where the lines go (stderr), null for none */
    public StartupProgress(PrintStream out, long t0) {
        this.out = out;
        this.t0 = t0;
        this.lastLine = System.nanoTime();
    }

    /** Says what is awaited, at most every {@link #EVERY}. */
    public void waiting(String what) {
        long now = System.nanoTime();
        if (out == null || now - lastLine < EVERY.toNanos()) return;
        lastLine = now;
        out.println("kpm: waiting for " + what + " (" + elapsed() + " so far)");
    }

    public boolean overdue(Duration limit) {
        return System.nanoTime() - t0 > limit.toNanos();
    }

    public String elapsed() {
        return String.format("%.1f s", (System.nanoTime() - t0) / 1e9);
    }

    static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted while waiting for the start");
        }
    }
}
