package io.kpm.cli.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.kpm.cli.http.GatewayClient;

/**
 * Ctrl-C (or SIGTERM, SIGHUP) during {@code kpm run}, as a JVM shutdown hook: asks the gateway to kill the job and
 * the groups its ranks spawned that still run, lets the main thread drain the output until the job's {@code end} (at
 * most 10 s), stops a private stack and exits 130: {@code kpm run} never ends leaving its job running. SIGUSR1,
 * SIGUSR2 and SIGALRM are sent on to the job's ranks instead, as mpiexec forwards SIGUSR1 and SIGALRM.
 * Exactly one of the main thread and the hook cleans up: whoever moves the run out of RUNNING first.
 */
final class InterruptForwarder {

    static final int EXIT_INTERRUPTED = 130;
    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static final Duration SPAWN_ANSWER = Duration.ofSeconds(5);
    private static final Duration CLEANUP = Duration.ofSeconds(60);

    private enum Phase { RUNNING, DONE, INTERRUPTED }

    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.RUNNING);
    private final CountDownLatch spawnAnswered = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final PrintStream err;
    private volatile GatewayClient gateway;
    private volatile Long pgid;
    private volatile PrivateStack privateStack;
    private volatile RankOutput output;
    private volatile SpawnedGroupsFollower spawnedGroups;

    InterruptForwarder(PrintStream err) {
        this.err = err;
    }

    void install() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> onSignal(EXIT_INTERRUPTED), "kpm-run-interrupted"));
        // as mpiexec, SIGUSR1 and SIGALRM go to every rank and kpm run goes on (SIGUSR2 too, which Hydra dies of);
        // without a handler each would end the JVM without its shutdown hooks and leave the job running
        for (String name : FORWARDED) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name),
                        signal -> new Thread(() -> forward(name), "kpm-run-sig" + name.toLowerCase()).start());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                err.println("kpm run: cannot handle SIG" + name + " (" + e.getMessage() + ")");
            }
        }
    }

    /** Signals kpm run passes on to the job's ranks instead of ending. */
    static final List<String> FORWARDED = List.of("USR1", "USR2", "ALRM");

    /** Sends the signal to the job's ranks; before the job exists there is nobody to send it to. */
    private void forward(String signal) {
        Long job = pgid;
        GatewayClient client = gateway;
        if (job == null || client == null || phase.get() != Phase.RUNNING) return;
        try {
            client.signal(job, signal);
        } catch (RuntimeException e) {
            err.println("kpm run: could not forward SIG" + signal + " to job " + job + ": " + e.getMessage());
        }
    }

    void privateStack(PrivateStack stack) {
        this.privateStack = stack;
    }

    void gateway(GatewayClient client, RankOutput output) {
        this.gateway = client;
        this.output = output;
    }

    /** The groups the job's ranks spawn: killed with the job. */
    void spawnedGroups(SpawnedGroupsFollower groups) {
        this.spawnedGroups = groups;
    }

    /** The spawn was answered: with the job's pgid, or null when it was refused or failed. */
    void spawned(Long pgid) {
        this.pgid = pgid;
        spawnAnswered.countDown();
    }

    /**
     * The main thread is done with the job. True: it cleans up itself and then calls {@link #cleanedUp()}.
     * False: Ctrl-C came first, the hook cleans up and ends the process; the main thread must not exit itself.
     */
    boolean finish() {
        spawnAnswered.countDown();
        ended.countDown();
        return phase.compareAndSet(Phase.RUNNING, Phase.DONE);
    }

    /** Ctrl-C came: the job's end is the hook's to report (exit 130), not the main thread's. */
    boolean interrupted() {
        return phase.get() == Phase.INTERRUPTED;
    }

    void cleanedUp() {
        cleanedUp.countDown();
    }

    /** For the main thread after {@link #finish()} answered false: wait for the hook to end the process. */
    static void parkUntilHalted() {
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // the hook halts the JVM; nothing to do until then
            }
        }
    }

    private void onSignal(int exitCode) {
        if (!phase.compareAndSet(Phase.RUNNING, Phase.INTERRUPTED)) {
            // the run ended normally and is cleaning up (or has): let it finish before the JVM goes
            await(cleanedUp, CLEANUP);
            return;
        }
        // a spawn may be on its way (its answer names the job to kill); before the gateway is known there is none
        if (gateway != null) await(spawnAnswered, SPAWN_ANSWER);
        Long job = pgid;
        if (job != null && gateway != null) {
            err.println("kpm run: interrupted; killing job " + job);
            // which spawned groups run is read before the kill, which may end some of them
            SpawnedGroupsFollower groups = spawnedGroups;
            List<Long> running = groups == null ? List.of() : groups.live();
            try {
                gateway.abort(job);
            } catch (RuntimeException e) {
                err.println("kpm run: could not kill job " + job + ": " + e.getMessage());
            }
            for (long group : running) {
                try {
                    gateway.abort(group);
                } catch (RuntimeException e) {
                    err.println("kpm run: could not kill spawned job " + group + ": " + e.getMessage());
                }
            }
            await(ended, DRAIN);
        } else {
            err.println("kpm run: interrupted");
        }
        RankOutput out = output;
        if (out != null) out.finish();
        PrivateStack stack = privateStack;
        if (stack != null) stack.close();
        System.out.flush();
        err.flush();
        Runtime.getRuntime().halt(exitCode);
    }

    private static void await(CountDownLatch latch, Duration limit) {
        try {
            latch.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
