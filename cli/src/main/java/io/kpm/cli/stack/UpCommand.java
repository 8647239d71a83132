package io.kpm.cli.stack;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.kpm.cli.CliFailure;
import io.kpm.cli.KpmHome;
import io.kpm.cli.table.Table;
import io.kpm.cli.topics.KafkaTopics;
import io.kpm.cli.topics.TopicState;
import io.kpm.schemas.Retention;
import io.kpm.schemas.RetentionOverrides;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start a kpm stack in the background.",
                "",
                "Starts a Kafka broker, the scheduler, the gateway and N node agents, waits until every part is "
                        + "ready and prints where everything listens. Ports: broker B, controller B+1, gateway "
                        + "HTTP B+2, PMI B+3, scheduler B+4, node agent i B+10+i.",
                "",
                "On a running stack it starts again the parts that stopped (with the options they were started "
                        + "with) and otherwise leaves it alone.",
                "",
                "--retention and --retention-bytes choose the retention kpm's topics are created with instead of "
                        + "kpm's defaults (`kpm topics` lists them); topics that exist already keep theirs "
                        + "(`kpm topics set` changes them)."},
        footer = {"", "Examples:", "  kpm up", "  kpm up --nodes 2 --cores 2", "  kpm up --base-port 8800 --state-dir /tmp/kpm2",
                "  kpm up --kafka kafka.example.org:9092",
                "  kpm up --kafka k1:9092,k2:9092,k3:9092 --replication-factor 3 --schedulers 2",
                "  kpm up --retention kpm.proc.output=3d --retention-bytes kpm.proc.output=2G"})
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "1",
            description = "Node agents to start (default: ${DEFAULT-VALUE}). One keeps the machine's hostname as node id; several are simulated nodes node-0..node-(N-1).")
    int nodes;

    @Option(names = "--cores", paramLabel = "C", description = "Cores each node agent offers (default: the machine's).")
    Integer cores;

    @Option(names = "--base-port", paramLabel = "B", defaultValue = "7700", description = "First port of the stack (default: ${DEFAULT-VALUE}).")
    int basePort;

    @Mixin
    StateDirOption stateDir;

    @Option(names = "--listen", paramLabel = "ADDR",
            description = "Bind the services' HTTP ports and the PMI port to ADDR (default: 127.0.0.1, this machine only; "
                    + "0.0.0.0: every interface). What that exposes: docs/security.md.")
    String listen;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "Use this Kafka instead of starting a broker.")
    String kafka;

    @Option(names = "--schedulers", paramLabel = "N", defaultValue = "1",
            description = "Schedulers to start (default: ${DEFAULT-VALUE}, at most 6): one leads, the others stand by and "
                    + "take over within seconds when it dies (docs/reliability.md).")
    int schedulers;

    @Option(names = "--jvm-per-service",
            description = "Run the scheduler, the gateway and the node agent in JVMs of their own. By default a stack of "
                    + "one node and one scheduler runs all three in one JVM, which starts faster and takes about "
                    + "half the memory (docs/performance.md); more nodes or schedulers always get a JVM each.")
    boolean jvmPerService;

    @Option(names = "--replication-factor", paramLabel = "R", defaultValue = "1",
            description = "Replication factor of the topics kpm creates, with min.insync.replicas a majority of R "
                    + "(default: ${DEFAULT-VALUE}; more needs --kafka with at least R brokers).")
    short replicationFactor;

    @Option(names = "--retention", paramLabel = "TOPIC=DURATION", split = ",",
            description = "Create TOPIC keeping its events this long (7d, 12h, forever) instead of kpm's default; repeatable.")
    List<String> retention = new ArrayList<>();

    @Option(names = "--retention-bytes", paramLabel = "TOPIC=SIZE", split = ",",
            description = "Create TOPIC keeping at most this much per partition (10G, 512M, unlimited); repeatable.")
    List<String> retentionBytes = new ArrayList<>();

    @Override
    public Integer call() {
        RetentionOverrides topicRetention = topicRetention();
        StackLayout layout = stateDir.layout();
        Optional<StackState> running = RunningStack.find(layout);
        StackLauncher launcher = new StackLauncher(new StackPlan(new ServiceJars(KpmHome.get()), StackPlan.currentJava()),
                System.out, System.err);
        if (running.isPresent()) {
            List<StackComponent> stopped = running.get().components().stream()
                    .filter(c -> ProcessStopper.running(c, running.get().stateDir()).isEmpty())
                    .toList();
            if (!topicRetention.isEmpty()) {
                System.err.println("kpm up: the running stack's topics exist already, --retention and "
                        + "--retention-bytes apply when topics are created; `kpm topics set` changes a live topic");
            }
            if (stopped.isEmpty()) {
                System.out.println("a kpm stack is already running in " + layout.stateDir() + " (gateway "
                        + running.get().gatewayUrl() + "); `kpm down` stops it");
                return 0;
            }
            System.out.println("a kpm stack is running in " + layout.stateDir() + "; starting its stopped parts again ("
                    + String.join(", ", stopped.stream().map(StackComponent::name).toList()) + ")");
            StackState state = whileCtrlCStops(launcher, () -> launcher.restart(running.get(), stopped));
            printSummary(state, System.out);
            return 0;
        }
        StackState.read(layout).ifPresent(stale -> StackState.delete(layout, stale.components()));
        StackSpec spec;
        try {
            spec = new StackSpec(nodes, cores, StackPorts.fromBase(basePort, nodes, schedulers - 1), layout, kafka,
                    topicRetention, listen, replicationFactor, jvmPerService);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.USAGE, e.getMessage());
        }
        new ServiceJars(KpmHome.get()).requireBuilt();
        StackState state = whileCtrlCStops(launcher, () -> launcher.start(spec));
        printSummary(state, System.out);
        if (!topicRetention.isEmpty()) warnAboutOlderTopics(state.bootstrap(), topicRetention);
        return 0;
    }

    private RetentionOverrides topicRetention() {
        try {
            return RetentionOverrides.parse(String.join(",", retention), String.join(",", retentionBytes),
                    "--retention", "--retention-bytes");
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.USAGE, e.getMessage());
        }
    }

    /**
     * Topics that existed before this stack (kept Kafka data, an external cluster) kept their retention: name each
     * one whose retention differs from what the options asked for.
     */
    private static void warnAboutOlderTopics(String bootstrap, RetentionOverrides asked) {
        try (KafkaTopics kafka = KafkaTopics.connect(bootstrap)) {
            for (TopicState topic : kafka.describe()) {
                if (!topic.exists()) continue;
                List<String> settings = new ArrayList<>();
                asked.millis(topic.name()).ifPresent(ms -> {
                    if (ms != topic.retentionMs()) settings.add("retention=" + Retention.formatMillis(ms));
                });
                asked.bytes(topic.name()).ifPresent(bytes -> {
                    if (bytes != topic.retentionBytes()) settings.add("retention-bytes=" + Retention.formatBytes(bytes));
                });
                if (settings.isEmpty()) continue;
                System.err.println("kpm up: " + topic.name() + " existed already and keeps "
                        + Retention.formatMillis(topic.retentionMs()) + ", " + Retention.formatBytes(topic.retentionBytes())
                        + " per partition; `kpm topics set " + topic.name() + " " + String.join(" ", settings)
                        + "` changes it");
            }
        } catch (CliFailure e) {
            System.err.println("kpm up: cannot check the retention of kpm's topics: " + e.getMessage());
        }
    }

    /** Runs the start; a Ctrl-C meanwhile stops what it started (the processes do not get the terminal's signal). */
    private static StackState whileCtrlCStops(StackLauncher launcher, Supplier<StackState> start) {
        AtomicBoolean done = new AtomicBoolean();
        Thread onCtrlC = new Thread(() -> {
            if (!done.get()) launcher.stopStarted();
        }, "kpm-up-interrupted");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            return start.get();
        } finally {
            done.set(true);
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // the hook sees done and does nothing
            }
        }
    }

    static void printSummary(StackState state, PrintStream out) {
        out.printf("kpm stack is up in %.1f s (state and logs in %s)%n",
                state.startupMillis() == null ? 0.0 : state.startupMillis() / 1000.0, state.stateDir());
        Table table = new Table("COMPONENT", "PID", "LISTENS ON");
        if (state.externalKafka()) table.row("kafka (external)", "-", state.bootstrap());
        for (StackComponent component : state.components()) {
            table.row(component.name(), Long.toString(component.pid()), describe(component, state));
        }
        out.print(table.render());
        out.println("Run a job with `kpm run -n 4 -- hostname` (gateway " + state.gatewayUrl()
                + "); `kpm down` stops the stack.");
    }

    static String describe(StackComponent component, StackState state) {
        List<String> parts = new ArrayList<>();
        parts.add(component.address());
        if (component.role().hasGateway()) parts.add("PMI " + state.pmiEndpoint());
        if (component.role().hasNodeAgent() && !component.name().equals(component.nodeId())) {
            parts.add("node " + (component.nodeId() == null ? "<hostname>" : component.nodeId()));
        }
        return String.join(", ", parts);
    }
}
