package io.kpm.cli.stack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.kpm.cli.CliFailure;
import io.kpm.cli.KpmHome;
import io.kpm.cli.http.HealthProbe;
import io.kpm.cli.kafka.BrokerOption;
import io.kpm.cli.replay.TopicLogReader;
import io.kpm.schemas.Topics;
import io.kpm.schemas.nodes.MachineHostname;
import io.kpm.schemas.nodes.NodeLabels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Run one node agent on this machine, joining the kpm cluster whose Kafka is given.",
                "",
                "The node is named by this machine's hostname unless --node-id says otherwise; an id a live "
                        + "agent already has is refused. The agent needs nothing but Kafka: the gateway's PMI "
                        + "endpoint comes with every launch request (the gateway puts what it advertises into each "
                        + "job), so ranks on this node reach it as long as that address is reachable from here "
                        + "(start the stack with `kpm up --listen 0.0.0.0`; docs/deploy.md).",
                "",
                "In the foreground by default (its log on this terminal; Ctrl-C stops it, killing its ranks); "
                        + "--daemon starts it in the background, its log and pid in the state directory."},
        footer = {"", "Examples:", "  kpm agent --kafka head:7700", "  kpm agent --kafka k1:9092,k2:9092 --cores 16 --daemon",
                "  kpm agent --kafka head:7700 --node-id gpu-3 --port 7711 --labels rack=r2,gpu=a100"})
public final class AgentCommand implements Callable<Integer> {

    @Option(names = "--kafka", paramLabel = "HOST:PORT[,HOST:PORT…]",
            description = "The cluster's Kafka (default: $KPM_BOOTSTRAP, else the broker of the stack `kpm up` started here).")
    String kafka;

    @Option(names = "--node-id", paramLabel = "ID", description = "The node's id (default: this machine's hostname).")
    String nodeId;

    @Option(names = "--cores", paramLabel = "C", description = "Cores the node offers (default: the machine's).")
    Integer cores;

    @Option(names = "--labels", paramLabel = "K=V[,K=V…]",
            description = "Labels of the node (rack=r1,gpu=a100): shown by `kpm nodes` and GET /api/v1/nodes, "
                    + "repeated in every heartbeat; at most 32, keys and values of up to 63 of A-Z a-z 0-9 . _ / - (: in values).")
    String labels;

    @Option(names = "--port", paramLabel = "P",
            description = "The agent's HTTP port (health, metrics; default 7710, or a free one when 7710 is taken).")
    Integer port;

    @Option(names = "--daemon", description = "Start it in the background and return once it is ready.")
    boolean daemon;

    @Mixin
    StateDirOption stateDir;

    @Override
    public Integer call() {
        String bootstrap = BrokerOption.locate(kafka, System.getenv(), stateDir.layout())
                .orElseThrow(() -> new CliFailure(CliFailure.USAGE, "which Kafka? give --kafka HOST:PORT "
                        + "(or KPM_BOOTSTRAP); no stack started by `kpm up` runs here"));
        // the agent's own default, so that the check and the agent agree
        String id = nodeId != null ? nodeId.trim() : MachineHostname.get();
        if (id.isEmpty() || id.chars().anyMatch(Character::isWhitespace)) {
            throw new CliFailure(CliFailure.USAGE, "--node-id must be non-empty and without whitespace, got '" + id + "'");
        }
        if (cores != null && cores < 1) throw new CliFailure(CliFailure.USAGE, "--cores must be at least 1, got " + cores);
        Map<String, String> nodeLabels;
        try {
            nodeLabels = NodeLabels.parse(labels);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.USAGE, "--labels: " + e.getMessage());
        }
        ServiceJars jars = new ServiceJars(KpmHome.get());
        if (!Files.isRegularFile(jars.nodeAgent())) jars.requireBuilt();

        long t0 = System.nanoTime();
        System.err.println("kpm agent: reading " + Topics.NODES + " at " + bootstrap + " ...");
        NodeIdCheck.taken(new TopicLogReader(bootstrap).readAll(Topics.NODES), id, Instant.now(), NodeIdCheck.NODE_TIMEOUT)
                .ifPresent(why -> {
                    throw new CliFailure(why);
                });

        StackLayout layout = stateDir.layout();
        int httpPort = port != null ? port : PortAllocator.isFree(7710) ? 7710 : PortAllocator.freePorts(1).get(0);
        if (port != null && !PortAllocator.isFree(port)) {
            throw new CliFailure("port " + port + " (--port) is already in use; choose another");
        }
        StackPlan.Services where = new StackPlan.Services(layout.stateDir(), bootstrap, "127.0.0.1", "127.0.0.1", List.of());
        ComponentPlan agent = new StackPlan(jars, StackPlan.currentJava())
                .nodeAgent(where, "agent-" + id, id, cores, nodeLabels, httpPort);
        System.err.println("kpm agent: starting node " + id + " (HTTP " + agent.address() + ")");
        return daemon ? startInBackground(agent, layout, t0) : runInForeground(agent);
    }

    /** The agent on this terminal; Ctrl-C reaches it too (same process group), and we wait for it to leave cleanly. */
    private static int runInForeground(ComponentPlan agent) {
        Process process;
        try {
            process = new ProcessBuilder(agent.command()).inheritIO().start();
        } catch (IOException e) {
            throw new CliFailure("cannot start the node agent: " + e.getMessage(), e);
        }
        Thread stop = new Thread(() -> stop(process), "kpm-agent-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
            return 130;
        }
    }

    private static void stop(Process process) {
        if (!process.isAlive()) return;
        // SIGTERM: it kills its ranks and says NodeLeft, which frees its node id at once
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
        }
    }

    private static int startInBackground(ComponentPlan agent, StackLayout layout, long t0) {
        Path log = layout.log(agent.name());
        Process process;
        try {
            Files.createDirectories(layout.logsDir());
            Files.createDirectories(layout.pidsDir());
            process = new ProcessBuilder(StackLauncher.detached(agent.command()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Files.writeString(layout.pidFile(agent.name()), process.pid() + "\n");
        } catch (IOException e) {
            throw new CliFailure("cannot start the node agent: " + e.getMessage(), e);
        }
        StartupProgress progress = new StartupProgress(System.err, t0);
        while (!HealthProbe.ready(agent.healthUrl())) {
            if (!process.isAlive()) {
                throw new CliFailure("the node agent exited during start-up; its log: " + log);
            }
            if (progress.overdue(StackLauncher.READY_TIMEOUT)) {
                process.destroy();
                throw new CliFailure("the node agent was not ready within " + StackLauncher.READY_TIMEOUT.toSeconds()
                        + " s; its log: " + log);
            }
            progress.waiting(agent.name());
            StartupProgress.pause();
        }
        System.out.println("node agent " + agent.nodeId() + " runs in the background (pid " + process.pid() + ", log "
                + log + ", ready after " + progress.elapsed() + "); `kill " + process.pid() + "` stops it");
        return 0;
    }
}
