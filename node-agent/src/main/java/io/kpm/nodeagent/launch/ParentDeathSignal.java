package io.kpm.nodeagent.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jboss.logging.Logger;

/**
 * Ranks die with their agent. Each rank is exec'd through {@code setpriv --pdeathsig KILL --} (util-linux, on
 * every Debian and most Linux systems), which sets {@code PR_SET_PDEATHSIG} and then execs the rank in the same
 * process: when the agent dies, by any signal, the kernel sends the rank SIGKILL. The signal follows the thread
 * that forked the process, not the process, so every rank is forked by one thread that lives as long as the agent
 * ({@link #fork}); a pool thread that retired would take its ranks with it.
 */
final class ParentDeathSignal {

    private static final Logger LOG = Logger.getLogger(ParentDeathSignal.class);
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"));

    private static final ExecutorService FORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kpm-rank-forker");
        t.setDaemon(true);
        return t;
    });

    private final Optional<Path> setpriv;

    ParentDeathSignal(boolean wanted) {
        this.setpriv = wanted ? CANDIDATES.stream().filter(Files::isExecutable).findFirst() : Optional.empty();
        if (wanted && setpriv.isEmpty()) {
            LOG.warn("setpriv (util-linux) not found: ranks are started directly and would outlive a killed agent");
        }
    }

    /** The command that runs {@code command} with the parent death signal set, or {@code command} itself. */
    List<String> wrap(List<String> command) {
        if (setpriv.isEmpty()) return command;
        List<String> wrapped = new ArrayList<>(List.of(setpriv.get().toString(), "--pdeathsig", "KILL", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Starts the process on the forking thread. */
    static Process fork(ProcessBuilder builder) throws java.io.IOException {
        Future<Process> started = FORKER.submit(builder::start);
        try {
            return started.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.IOException("interrupted while starting a rank", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof java.io.IOException io) throw io;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new java.io.IOException(e.getCause());
        }
    }
}
