package io.kpm.nodeagent.config;

import java.time.Duration;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.kpm.nodeagent.topology.SysTopology;
import io.kpm.schemas.nodes.NodeLabels;
import io.kpm.schemas.events.CpuTopology;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.Producer;
import io.kpm.schemas.nodes.MachineHostname;

/**
 * Who this agent is, with every default of {@link AgentConfig} resolved and checked once at start, so that bad
 * settings stop the agent with a message naming the key instead of surfacing later as odd events.
 */
@Singleton
public class NodeIdentity {

    public static final String SERVICE = "node-agent";

    private final String nodeId;
    private final String hostname;
    private final int cores;
    private final String agentUrl;
    private final Producer producer;
    private final String agentRun = UUID.randomUUID().toString();
    private final String agentId;
    private final CpuTopology topology = SysTopology.readThisMachine().orElse(null);
    private final SortedMap<String, String> labels;

    @Inject
    public NodeIdentity(AgentConfig config,
            @ConfigProperty(name = "kpm.instance") Optional<String> instance,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "7710") int httpPort,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        String machine = machineHostname();
        this.hostname = nonBlank(config.hostname(), "kpm.agent.hostname").orElse(machine);
        this.nodeId = nonBlank(config.nodeId(), "kpm.agent.node-id").orElse(machine);
        if (nodeId.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("kpm.agent.node-id must not contain whitespace, got '" + nodeId + "'");
        }
        this.cores = config.cores().orElse(Runtime.getRuntime().availableProcessors());
        if (cores < 1) throw new IllegalArgumentException("kpm.agent.cores must be at least 1, got " + cores);
        try {
            this.labels = NodeLabels.parse(config.labels().orElse(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kpm.agent.labels: " + e.getMessage(), e);
        }
        positive(config.heartbeatInterval(), "kpm.agent.heartbeat-interval");
        positive(config.launchMaxAge(), "kpm.agent.launch-max-age");
        if (config.killGrace().isNegative()) {
            throw new IllegalArgumentException("kpm.agent.kill-grace must not be negative, got " + config.killGrace());
        }
        this.agentUrl = nonBlank(config.url(), "kpm.agent.url").orElse("http://" + hostname + ":" + httpPort);
        this.producer = new Producer(SERVICE, nonBlank(instance, "kpm.instance").orElse(machine));
        this.agentId = nodeId + "@" + bootstrap;
    }

    /**
     * This node's agent in this stack, the same in every run: {@code <node id>@<Kafka bootstrap>}. Put in every
     * rank's environment as KPM_AGENT_ID, so a restarted agent finds what its earlier runs left alive, and only that.
     */
    public String agentId() {
        return agentId;
    }

    public String nodeId() {
        return nodeId;
    }

    public String hostname() {
        return hostname;
    }

    public int cores() {
        return cores;
    }

    /** The cpus this agent may give ranks, read from /sys at start; null when /sys did not say. */
    public CpuTopology topology() {
        return topology;
    }

    /** The operator's labels of this node (empty when none). */
    public SortedMap<String, String> labels() {
        return labels;
    }

    public String agentUrl() {
        return agentUrl;
    }

    /**
     * Unique to this run of this agent, and put in every rank's environment as KPM_AGENT_RUN: the tag by which
     * a kill finds what a rank left behind. Node ids and pgids repeat in every kpm stack (node-0, pgid 0), so
     * on a machine shared by several stacks or users only this tells our processes from theirs.
     */
    public String agentRun() {
        return agentRun;
    }

    /** A fresh envelope for an event this agent publishes. */
    public EventMeta meta() {
        return EventMeta.now(producer);
    }

    /** The machine's host name: what the OS reports, else $HOSTNAME, else "localhost". */
    public static String machineHostname() {
        return MachineHostname.get();
    }

    private static Optional<String> nonBlank(Optional<String> value, String key) {
        if (value.isPresent() && value.get().isBlank()) {
            throw new IllegalArgumentException(key + " is set but empty; remove it to use the default");
        }
        return value.map(String::trim);
    }

    private static void positive(Duration d, String key) {
        if (d.isZero() || d.isNegative()) throw new IllegalArgumentException(key + " must be positive, got " + d);
    }
}
