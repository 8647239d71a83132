package io.kpm.cli.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.kpm.schemas.RetentionOverrides;

/** Turns a {@link StackSpec} into the command lines of its processes, in start order. */
public final class StackPlan {

    /** Marks every process of a stack with its state directory, so a pid is only ever taken for this stack's. */
    static final String STACK_PROPERTY = "-Dkpm.stack=";

    private final ServiceJars jars;
    /**
     * Heap settings for small, mostly idle JVMs (docs/performance.md, "Footprint"). The live data of a service is
     * 15-30 MB, but by default the JVM starts with a heap of 1/64 of the machine's memory (capped by -Xmx) and keeps
     * what it once touched: the serial collector (no concurrent GC threads, no remembered sets) with a small initial
     * heap that grows only when a collection leaves less than 10% free, and gives back what is more than 30% free.
     */
    static final List<String> SMALL_HEAP = List.of("-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30");

    /**
     * The services' own work per event is well under a millisecond (docs/performance.md); the client-tier compiler
     * alone starts them with about half the CPU and keeps about 15 MB less code and compiler memory each. The
     * broker, which does most of the work of every spawn, keeps both tiers.
     */
    static final List<String> SERVICE_JIT = List.of("-XX:TieredStopAtLevel=1");

    private final Path java;

    public StackPlan(ServiceJars jars, Path java) {
        this.jars = jars;
        this.java = java;
    }

    /** The java that runs this command: the stack runs on the same JVM version. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    public List<ComponentPlan> components(StackSpec spec) {
        List<ComponentPlan> plan = new ArrayList<>();
        StackPorts ports = spec.ports();
        if (spec.startsBroker()) plan.add(broker(spec));
        if (spec.oneJvm()) {
            plan.add(allInOne(spec));
            return plan;
        }
        plan.add(quarkus(spec, "scheduler", Role.SCHEDULER, jars.scheduler(), ports.scheduler(), List.of(), null));
        for (int i = 0; i < ports.standbySchedulers().size(); i++) {
            String name = "scheduler-" + (i + 1);
            // its own instance name in every event it writes once it leads
            plan.add(quarkus(spec, name, Role.SCHEDULER, jars.scheduler(), ports.standbySchedulers().get(i),
                    List.of("-Dkpm.instance=" + name), null));
        }
        plan.add(quarkus(spec, "gateway", Role.GATEWAY, jars.gateway(), ports.gateway(), gatewayProperties(spec), null));
        for (int i = 0; i < spec.nodes(); i++) {
            String nodeId = spec.nodeId(i);
            // simulated nodes are named by their node id: logs/node-1.log belongs to node-1
            plan.add(nodeAgent(Services.of(spec), nodeId == null ? "node-agent" : nodeId, nodeId, spec.cores(),
                    Map.of(), ports.agent(i)));
        }
        return plan;
    }

    private static List<String> gatewayProperties(StackSpec spec) {
        return List.of("-Dkpm.gateway.pmi.port=" + spec.ports().pmi(),
                "-Dkpm.gateway.pmi.host=" + spec.listenAddress(),
                "-Dkpm.gateway.pmi.advertised-host=" + spec.advertisedHost(),
                "-Dkpm.gateway.auth.token-file=" + spec.layout().tokenFile());
    }

    /** Scheduler, gateway and the node agent in one JVM, on the gateway's HTTP and PMI ports. */
    private ComponentPlan allInOne(StackSpec spec) {
        List<String> properties = new ArrayList<>(gatewayProperties(spec));
        if (spec.cores() != null) properties.add("-Dkpm.agent.cores=" + spec.cores());
        return quarkus(spec, "services", Role.SERVICES, jars.allInOne(), spec.ports().gateway(), properties, null);
    }

    private ComponentPlan broker(StackSpec spec) {
        StackPorts ports = spec.ports();
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(SMALL_HEAP);
        command.addAll(List.of("-Xms32m", "-Xmx512m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                STACK_PROPERTY + spec.layout().stateDir()));
        command.addAll(retentionProperties(spec));
        command.addAll(List.of("-cp", jars.brokerClasspath(),
                "io.kpm.broker.BrokerMain",
                "--port", Integer.toString(ports.broker()),
                "--controller-port", Integer.toString(ports.controller()),
                "--data-dir", spec.layout().kafkaDir().toString()));
        return new ComponentPlan("broker", Role.BROKER, command, ports.broker(), null, jars.broker().toString(),
                spec.bootstrap() + " (controller 127.0.0.1:" + ports.controller() + ")", null);
    }

    /**
     * The same topic retention for every process: whichever creates the topics first (the broker, or with an
     * external Kafka the first service up) creates them with it.
     */
    private static List<String> retentionProperties(StackSpec spec) {
        List<String> properties = new ArrayList<>();
        String retention = spec.topicRetention().retentionValue();
        String bytes = spec.topicRetention().retentionBytesValue();
        if (!retention.isEmpty()) properties.add("-D" + RetentionOverrides.RETENTION_KEY + "=" + retention);
        if (!bytes.isEmpty()) properties.add("-D" + RetentionOverrides.RETENTION_BYTES_KEY + "=" + bytes);
        return properties;
    }

    /**
     * Where a stack's services run: their state directory (marks their processes), Kafka, the address they bind
     * to and how this machine reaches them, and the settings every one of them gets.
     */
    public record Services(Path stateDir, String bootstrap, String listenAddress, String localHost,
                           List<String> sharedProperties) {

        public Services {
            sharedProperties = List.copyOf(sharedProperties);
        }

        static Services of(StackSpec spec) {
            List<String> shared = new ArrayList<>(retentionProperties(spec));
            if (spec.replicationFactor() > 1) {
                shared.add("-Dkpm.scheduler.replication-factor=" + spec.replicationFactor());
                shared.add("-Dkpm.gateway.replication-factor=" + spec.replicationFactor());
            }
            return new Services(spec.layout().stateDir(), spec.bootstrap(), spec.listenAddress(), spec.localHost(),
                    shared);
        }
    }

    /**
     * One node agent, of a stack ({@code kpm up}) or joining a cluster on its own ({@code kpm agent}).
     * {@code nodeId} null: the agent's default, the machine's hostname; {@code cores} null: the machine's.
     */
    public ComponentPlan nodeAgent(Services where, String name, String nodeId, Integer cores, Map<String, String> labels,
                                   int port) {
        List<String> agentProps = new ArrayList<>();
        if (nodeId != null) {
            agentProps.add("-Dkpm.agent.node-id=" + nodeId);
            agentProps.add("-Dkpm.instance=" + nodeId);
        }
        if (cores != null) agentProps.add("-Dkpm.agent.cores=" + cores);
        if (!labels.isEmpty()) {
            agentProps.add("-Dkpm.agent.labels=" + labels.entrySet().stream()
                    .map(l -> l.getKey() + "=" + l.getValue()).collect(Collectors.joining(",")));
        }
        return quarkus(where, name, Role.NODE_AGENT, jars.nodeAgent(), port, agentProps, nodeId);
    }

    private ComponentPlan quarkus(StackSpec spec, String name, Role role, Path jar, int port, List<String> properties,
                                  String nodeId) {
        return quarkus(Services.of(spec), name, role, jar, port, properties, nodeId);
    }

    private ComponentPlan quarkus(Services where, String name, Role role, Path jar, int port, List<String> properties,
                                  String nodeId) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(SMALL_HEAP);
        command.addAll(SERVICE_JIT);
        command.add("-Xms16m");
        command.add("-Xmx256m");
        command.add(STACK_PROPERTY + where.stateDir());
        command.add("-Dkafka.bootstrap.servers=" + where.bootstrap());
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.http.host=" + where.listenAddress());
        command.addAll(where.sharedProperties());
        command.addAll(properties);
        command.add("-jar");
        command.add(jar.toString());
        String url = "http://" + where.localHost() + ":" + port;
        return new ComponentPlan(name, role, command, port, url + "/q/health/ready", jar.toString(), url, nodeId);
    }
}
