package io.kpm.cli.stack;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import io.kpm.cli.CliFailure;
import io.kpm.cli.http.GatewayClient;
import io.kpm.cli.http.HealthProbe;
import io.kpm.cli.http.NodeView;

/**
 * Starts a stack: the broker (unless an external Kafka is given), then scheduler, gateway and node agents, each
 * a background process with its output in a log file and its pid in a pid file and stack.json; waits until each
 * is ready and every node agent has registered. On any failure it shows the end of the failing service's log,
 * stops what it started and throws. Also starts again the parts of a running stack that died ({@link #restart}).
 * {@link #stopStarted()} may be called from another thread (Ctrl-C) at any time. While it waits it says on
 * {@code errors} every few seconds what it waits for and how long the start has taken ({@link StartupProgress}).
 */
public final class StackLauncher {

    public static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    static final String BROKER_READY = "KPM BROKER READY";
    private static final int LOG_LINES_ON_FAILURE = 25;

    private final StackPlan plan;
    private final PrintStream progress;
    private final PrintStream errors;
    private final Duration readyTimeout;
    private final List<StackComponent> started = new ArrayList<>();
    /** Where each started process's output begins in its log (a restarted one appends to its old log). */
    private final Map<String, Long> logStart = new HashMap<>();
    private volatile StackLayout layout;
    private volatile boolean freshStack;
    private StackState state;
    private boolean stopping;

    public StackLauncher(StackPlan plan, PrintStream progress, PrintStream errors) {
        this(plan, progress, errors, READY_TIMEOUT);
    }

    StackLauncher(StackPlan plan, PrintStream progress, PrintStream errors, Duration readyTimeout) {
        this.plan = plan;
        this.progress = progress;
        this.errors = errors;
        this.readyTimeout = readyTimeout;
    }

    /** Starts the whole stack and answers its state once every part is ready. */
    public StackState start(StackSpec spec) {
        long t0 = System.nanoTime();
        PortAllocator.requireFree(spec.ports().byUse(spec.startsBroker()));
        createDirectories(spec.layout());
        StackToken.ensure(spec.layout());
        synchronized (this) {
            layout = spec.layout();
            freshStack = true;
            state = new StackState(layout.stateDir().toString(), StackState.STARTING, Instant.now().toString(), null,
                    spec.bootstrap(), !spec.startsBroker(), "http://" + spec.localHost() + ":" + spec.ports().gateway(),
                    spec.advertisedHost() + ":" + spec.ports().pmi(), List.of());
            state.write(layout);
        }
        List<ComponentPlan> components = plan.components(spec);
        if (!spec.startsBroker()) awaitExternalKafka(spec.externalKafka());
        return startAndAwait(components, spec.nodes(), t0);
    }

    /**
     * Starts again, with the command lines that started them, the components of a running stack that are not
     * running any more; the others are left alone. Answers the stack's state once everything is ready.
     */
    public StackState restart(StackState recorded, List<StackComponent> stopped) {
        long t0 = System.nanoTime();
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (StackComponent component : stopped) ports.put(component.name(), component.port());
        PortAllocator.requireFree(ports);
        StackLayout recordedLayout = new StackLayout(Path.of(recorded.stateDir()));
        createDirectories(recordedLayout);
        synchronized (this) {
            layout = recordedLayout;
            freshStack = false;
            state = recorded;
        }
        List<ComponentPlan> components = stopped.stream()
                .sorted(Comparator.comparing(StackComponent::role))
                .map(StackComponent::plan)
                .toList();
        int nodes = (int) recorded.components().stream().filter(c -> c.role().hasNodeAgent()).count();
        return startAndAwait(components, nodes, t0);
    }

    private StackState startAndAwait(List<ComponentPlan> components, int nodes, long t0) {
        try {
            List<StackComponent> services = new ArrayList<>();
            for (ComponentPlan component : components) {
                StackComponent running = launch(component);
                // the services need Kafka before they can become ready
                if (component.role() == Role.BROKER) awaitBroker(running, t0);
                else services.add(running);
            }
            for (StackComponent service : services) awaitHealthy(service, t0);
            awaitNodes(nodes, t0);
        } catch (RuntimeException e) {
            stopStarted();
            throw e;
        }
        synchronized (this) {
            state = state.up((System.nanoTime() - t0) / 1_000_000);
            state.write(layout);
            return state;
        }
    }

    /**
     * Stops every process this launcher started and, for a new stack, removes its files; idempotent. (After a
     * failed restart the stack's other processes keep running, so its files stay for `kpm down`.)
     */
    public void stopStarted() {
        endStarted((components, stateDir) -> new ProcessStopper(progress).stopQuickly(components, stateDir));
    }

    /**
     * Kills every process this launcher started at once and removes the stack's files: for a stack whose state
     * nobody keeps (a private one, {@link ProcessStopper#killAll}); idempotent.
     */
    public void discardStarted() {
        endStarted((components, stateDir) -> new ProcessStopper(progress).killAll(components, stateDir));
    }

    /** Ends what was started (no more starts from now on) and removes a new stack's files. */
    private void endStarted(BiConsumer<List<StackComponent>, String> end) {
        List<StackComponent> toEnd;
        synchronized (this) {
            stopping = true;
            toEnd = new ArrayList<>(started);
            started.clear();
        }
        StackLayout stackLayout = layout;
        if (stackLayout == null) return;
        if (!toEnd.isEmpty()) end.accept(toEnd, stackLayout.stateDir().toString());
        if (freshStack) StackState.delete(stackLayout, toEnd);
    }

    private synchronized StackComponent launch(ComponentPlan component) {
        if (stopping) throw new CliFailure("the stack is being stopped");
        File log = layout.log(component.name()).toFile();
        logStart.put(component.name(), freshStack ? 0L : log.length());
        ProcessBuilder builder = new ProcessBuilder(detached(component.command()))
                .directory(layout.stateDir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(freshStack ? ProcessBuilder.Redirect.to(log) : ProcessBuilder.Redirect.appendTo(log));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CliFailure("cannot start " + component.name() + ": " + e.getMessage(), e);
        }
        StackComponent running = StackComponent.started(component, process.pid(), layout);
        started.add(running);
        writePidFile(layout, running);
        state = state.with(running);
        state.write(layout);
        say("started " + component.name() + " (pid " + process.pid() + ")");
        return running;
    }

    /**
     * In a session of its own (setsid, when the machine has it) a stack process does not get the terminal's
     * Ctrl-C: {@code kpm run} must first ask the gateway to kill the job, then stop the stack in order.
     */
    static List<String> detached(List<String> command) {
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                List<String> detached = new ArrayList<>();
                detached.add(setsid);
                detached.addAll(command);
                return detached;
            }
        }
        return command;
    }

    private void awaitBroker(StackComponent broker, long t0) {
        Path log = Path.of(broker.log());
        long from;
        synchronized (this) {
            from = logStart.getOrDefault(broker.name(), 0L);
        }
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        StartupProgress waiting = new StartupProgress(errors, t0);
        while (true) {
            if (logContains(log, from, BROKER_READY)) {
                say("broker ready at " + broker.address() + " after " + seconds(t0));
                return;
            }
            checkAlive(broker);
            if (System.nanoTime() > deadline) fail(broker, "the broker was not ready within " + readyTimeout.toSeconds() + " s");
            waiting.waiting("the broker");
            pause();
        }
    }

    /** A cluster's bootstrap list is fine as long as one of its brokers answers: the clients find the rest. */
    private void awaitExternalKafka(String bootstrap) {
        boolean reached = false;
        for (String server : bootstrap.split(",")) {
            String address = server.trim();
            int colon = address.lastIndexOf(':');
            int port;
            try {
                port = Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                stopStarted();
                throw new CliFailure(CliFailure.USAGE, "--kafka must be host:port[,host:port...], got " + bootstrap);
            }
            if (colon <= 0) {
                stopStarted();
                throw new CliFailure(CliFailure.USAGE, "--kafka must be host:port[,host:port...], got " + bootstrap);
            }
            reached = reached || HealthProbe.accepts(address.substring(0, colon), port);
        }
        if (!reached) {
            stopStarted();
            throw new CliFailure("cannot reach Kafka at " + bootstrap + " (none of its brokers accepts a connection)");
        }
    }

    private void awaitHealthy(StackComponent service, long t0) {
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        StartupProgress waiting = new StartupProgress(errors, t0);
        while (!HealthProbe.ready(service.healthUrl())) {
            checkAlive(service);
            if (System.nanoTime() > deadline) {
                fail(service, service.name() + " was not ready within " + readyTimeout.toSeconds() + " s ("
                        + service.healthUrl() + ")");
            }
            waiting.waiting(service.name());
            pause();
        }
        say(service.name() + " ready at " + service.address() + " after " + seconds(t0));
    }

    /** Healthy agents may not have reached the registry yet; a run right after `up` needs them there. */
    private void awaitNodes(int expected, long t0) {
        GatewayClient gateway = new GatewayClient(state.gatewayUrl(), StackToken.find(Map.of(), layout).orElse(null));
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        long up = 0;
        StartupProgress waiting = new StartupProgress(errors, t0);
        while (System.nanoTime() < deadline) {
            try {
                up = gateway.nodes().stream().filter(NodeView::alive).count();
                if (up >= expected) {
                    say(up + " node(s) up after " + seconds(t0));
                    return;
                }
            } catch (RuntimeException e) {
                // the gateway is ready, so this is a passing hiccup; the deadline decides
            }
            for (StackComponent component : startedSnapshot()) checkAlive(component);
            waiting.waiting(expected + " node(s) to register (" + up + " so far)");
            pause();
        }
        StackComponent agent = state.components().stream().filter(c -> c.role().hasNodeAgent()).findFirst()
                .orElseThrow();
        fail(agent, "only " + up + " of " + expected + " node(s) registered within " + readyTimeout.toSeconds() + " s");
    }

    private synchronized List<StackComponent> startedSnapshot() {
        return new ArrayList<>(started);
    }

    private void checkAlive(StackComponent component) {
        if (ProcessHandle.of(component.pid()).map(ProcessHandle::isAlive).orElse(false)) return;
        fail(component, component.name() + " exited during start-up");
    }

    private void fail(StackComponent component, String problem) {
        boolean interrupted;
        long from;
        synchronized (this) {
            interrupted = stopping;
            from = logStart.getOrDefault(component.name(), 0L);
        }
        // after Ctrl-C the services die because we stop them: their logs would only confuse
        if (interrupted) throw new CliFailure("the stack start was interrupted");
        if (errors != null) {
            errors.println("kpm: " + problem + "; the end of " + component.log() + ":");
            for (String line : LogTail.lastLines(Path.of(component.log()), from, LOG_LINES_ON_FAILURE)) {
                errors.println("  | " + line);
            }
        }
        throw new CliFailure(problem);
    }

    private static boolean logContains(Path log, long from, String text) {
        if (!Files.isRegularFile(log)) return false;
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            if (file.length() <= from) return false;
            file.seek(from);
            byte[] bytes = new byte[(int) Math.min(file.length() - from, 16 * 1024 * 1024)];
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static void writePidFile(StackLayout layout, StackComponent component) {
        try {
            Files.writeString(layout.pidFile(component.name()), component.pid() + "\n");
        } catch (IOException e) {
            throw new CliFailure("cannot write " + layout.pidFile(component.name()) + ": " + e.getMessage(), e);
        }
    }

    private static void createDirectories(StackLayout layout) {
        try {
            for (Path dir : List.of(layout.stateDir(), layout.kafkaDir(), layout.logsDir(), layout.pidsDir())) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new CliFailure("cannot create the state directory " + layout.stateDir() + ": " + e.getMessage(), e);
        }
    }

    private void pause() {
        StartupProgress.pause();
    }

    private static String seconds(long t0) {
        return String.format("%.1f s", (System.nanoTime() - t0) / 1e9);
    }

    private void say(String line) {
        if (progress != null) progress.println(line);
    }
}
