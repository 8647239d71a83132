package io.kpm.cli.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.kpm.cli.CliFailure;
import io.kpm.cli.KpmHome;
import io.kpm.cli.stack.ServiceJars;
import io.kpm.cli.stack.StackLauncher;
import io.kpm.cli.stack.StackLayout;
import io.kpm.cli.stack.StackPlan;
import io.kpm.cli.stack.StackPorts;
import io.kpm.cli.stack.StackSpec;
import io.kpm.cli.stack.StackToken;

/**
 * A stack for one {@code kpm run} when none is up: one node, ports the system says are free (never the
 * default ones, which a later {@code kpm up} wants), state in a temporary directory that is removed when closed.
 * {@link #close()} may run on another thread (Ctrl-C) while {@link #start()} is still going.
 */
public final class PrivateStack implements AutoCloseable {

    private final PrintStream err;
    private final StackLauncher launcher;
    private final Path stateDir;
    private volatile boolean failedToStart;

    public PrivateStack(PrintStream err) {
        this.err = err;
        ServiceJars jars = new ServiceJars(KpmHome.get());
        jars.requireBuilt();
        try {
            this.stateDir = Files.createTempDirectory("kpm-run-");
        } catch (IOException e) {
            throw new CliFailure("cannot create a temporary directory for the private stack: " + e.getMessage(), e);
        }
        // quiet unless asked: the run's own output is what the user wants to see
        PrintStream progress = System.getenv("KPM_DEBUG") != null ? err : null;
        this.launcher = new StackLauncher(new StackPlan(jars, StackPlan.currentJava()), progress, err);
    }

    /** Starts it and answers the gateway's URL. */
    public String start() {
        StackSpec spec = new StackSpec(1, null, StackPorts.free(1), new StackLayout(stateDir), null);
        try {
            return launcher.start(spec).gatewayUrl();
        } catch (RuntimeException e) {
            failedToStart = true;
            throw e;
        }
    }

    /** The private stack's REST token (made when it started). */
    public String token() {
        return StackToken.ensure(new StackLayout(stateDir));
    }

    /**
     * Ends the stack and removes its directory, unless it failed to start: then its logs are worth keeping. Its
     * processes are killed, not stopped politely: the run is over (or its job was killed first, see
     * {@code InterruptForwarder}) and all the stack wrote is deleted with it, so a graceful stop would only add
     * seconds to every private run.
     */
    @Override
    public void close() {
        launcher.discardStarted();
        if (failedToStart) {
            err.println("kpm: the private stack's logs are in " + stateDir.resolve("logs"));
        } else {
            deleteRecursively(stateDir);
        }
    }

    private void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            err.println("kpm: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
