package io.kpm.scheduler;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition the scheduler's own threads will make true soon (a node registering, the lead taken). */
public final class Await {

    private Await() {
    }

    /** @return true once the condition holds, false when {@code wait} passed first or the thread was interrupted */
    public static boolean until(BooleanSupplier condition, Duration wait, long pollMillis) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() >= deadline) return false;
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
