package io.kpm.nodeagent.kill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process still runs. {@link ProcessHandle#isAlive()} also says true for a zombie, and an orphaned
 * grandchild stays a zombie until init reaps it (seconds on some machines): for killing, a zombie is dead.
 */
public final class ProcessLiveness {

    private static final boolean HAS_PROC = Files.isDirectory(Path.of("/proc/self"));

    private ProcessLiveness() {
    }

    public static boolean isRunning(ProcessHandle process) {
        if (!process.isAlive()) return false;
        if (!HAS_PROC) return true;
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // "pid (comm) S ...": comm may contain anything, the state follows the last ')'
            int close = stat.lastIndexOf(')');
            char state = stat.charAt(close + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false; // gone between isAlive() and the read
        }
    }

    public static boolean isRunning(long pid) {
        return ProcessHandle.of(pid).map(ProcessLiveness::isRunning).orElse(false);
    }
}
