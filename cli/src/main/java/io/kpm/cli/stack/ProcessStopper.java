package io.kpm.cli.stack;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a stack's processes: SIGTERM, up to 20 s to exit, then SIGKILL; then whatever they left behind (ranks
 * of an agent that had to be killed). A pid is only signalled while its command line still names our jar and
 * stack, so a pid reused by an unrelated process after a crash is left alone.
 */
public final class ProcessStopper {

    static final Duration GRACE = Duration.ofSeconds(20);
    /** Gateway and scheduler of a throw-away stack: their state is in Kafka, closing consumers politely takes seconds. */
    static final Duration QUICK_GRACE = Duration.ofSeconds(2);
    private static final Duration AFTER_KILL = Duration.ofSeconds(5);

    private final Duration grace;
    private final PrintStream report;

    public ProcessStopper(PrintStream report) {
        this(GRACE, report);
    }

    ProcessStopper(Duration grace, PrintStream report) {
        this.grace = grace;
        this.report = report;
    }

    /** The running process of a component, if the pid is still one of ours. */
    public static Optional<ProcessHandle> running(StackComponent component, String stateDir) {
        return ProcessHandle.of(component.pid())
                .filter(ProcessHandle::isAlive)
                .filter(p -> isOurs(p, component.jar(), stateDir));
    }

    static boolean isOurs(ProcessHandle process, String jar, String stateDir) {
        Optional<String> commandLine = process.info().commandLine();
        return commandLine.isPresent()
                && commandLine.get().contains(jar)
                && commandLine.get().contains(StackPlan.STACK_PROPERTY + stateDir);
    }

    /** Stops the components group by group in the given order; components of one role stop together. */
    public void stop(List<StackComponent> inStopOrder, String stateDir) {
        Map<Role, List<StackComponent>> byRole = new LinkedHashMap<>();
        for (StackComponent component : inStopOrder) {
            byRole.computeIfAbsent(component.role(), r -> new ArrayList<>()).add(component);
        }
        for (List<StackComponent> group : byRole.values()) stopTogether(group, stateDir, grace);
    }

    /**
     * For a stack that ran no job of anyone else's (a private one, or one that failed to start): agents first,
     * as they kill ranks, then gateway and scheduler at once with a short grace (they keep no state outside
     * Kafka and take seconds to leave their consumer groups politely), then the broker.
     */
    public void stopQuickly(List<StackComponent> components, String stateDir) {
        List<StackComponent> agents = new ArrayList<>();
        List<StackComponent> services = new ArrayList<>();
        List<StackComponent> brokers = new ArrayList<>();
        for (StackComponent component : components) {
            switch (component.role()) {
                case NODE_AGENT, SERVICES -> agents.add(component);
                case GATEWAY, SCHEDULER -> services.add(component);
                case BROKER -> brokers.add(component);
            }
        }
        stopTogether(agents, stateDir, grace);
        stopTogether(services, stateDir, grace.compareTo(QUICK_GRACE) < 0 ? grace : QUICK_GRACE);
        stopTogether(brokers, stateDir, grace);
    }

    /**
     * For a stack whose state is thrown away with it (a private one, after its run): nothing it holds is worth a
     * polite shutdown, which takes 5-8 s (consumers leaving their groups, producers flushing), so every process is
     * killed at once. The ranks go with their agent (parent death signal) and, like any process a component
     * started, are ended here too.
     */
    public void killAll(List<StackComponent> components, String stateDir) {
        Map<StackComponent, ProcessHandle> running = new LinkedHashMap<>();
        List<ProcessHandle> leftovers = new ArrayList<>();
        for (StackComponent component : components) {
            running(component, stateDir).ifPresent(process -> {
                leftovers.addAll(process.descendants().toList());
                running.put(component, process);
            });
        }
        running.values().forEach(ProcessHandle::destroyForcibly);
        running.forEach((component, process) -> {
            awaitExit(process, AFTER_KILL.toNanos());
            say("killed " + component.name() + " (pid " + process.pid() + ")");
        });
        endLeftovers(leftovers);
    }

    private void stopTogether(List<StackComponent> group, String stateDir, Duration grace) {
        Map<StackComponent, ProcessHandle> running = new LinkedHashMap<>();
        List<ProcessHandle> leftovers = new ArrayList<>();
        for (StackComponent component : group) {
            Optional<ProcessHandle> process = running(component, stateDir);
            if (process.isEmpty()) {
                say(component.name() + " (pid " + component.pid() + ") was not running");
                continue;
            }
            leftovers.addAll(process.get().descendants().toList());
            running.put(component, process.get());
            process.get().destroy();
        }
        long t0 = System.nanoTime();
        long deadline = t0 + grace.toNanos();
        running.forEach((component, process) -> {
            long left = Math.max(0, deadline - System.nanoTime());
            if (awaitExit(process, left)) {
                say(String.format("stopped %s (pid %d) after %.1f s", component.name(), process.pid(),
                        (System.nanoTime() - t0) / 1e9));
            } else {
                process.destroyForcibly();
                awaitExit(process, AFTER_KILL.toNanos());
                say("killed " + component.name() + " (pid " + process.pid() + "): it did not stop within "
                        + grace.toMillis() / 1000.0 + " s");
            }
        });
        endLeftovers(leftovers);
    }

    /** Processes a stopped component started and did not end (normally none: agents kill their ranks). */
    private void endLeftovers(List<ProcessHandle> leftovers) {
        List<ProcessHandle> alive = leftovers.stream().filter(ProcessHandle::isAlive).toList();
        if (alive.isEmpty()) return;
        alive.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        for (ProcessHandle process : alive) {
            if (!awaitExit(process, Math.max(0, deadline - System.nanoTime()))) {
                process.destroyForcibly();
                awaitExit(process, AFTER_KILL.toNanos());
            }
            say("ended left-over process " + process.pid());
        }
    }

    private static boolean awaitExit(ProcessHandle process, long nanos) {
        try {
            process.onExit().get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private void say(String line) {
        if (report != null) report.println(line);
    }
}
