package io.kpm.nodeagent.config;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The node agent's settings ({@code kpm.agent.*}). Identity keys are optional because their defaults come from
 * the machine (hostname, processor count); {@link NodeIdentity} resolves them.
 */
@ConfigMapping(prefix = "kpm.agent")
public interface AgentConfig {

    /** The node's id in the cluster; several agents on one machine need different ids (simulated nodes). */
    Optional<String> nodeId();

    /** The host name the node is known by (matched by {@code hosts} in placement). */
    Optional<String> hostname();

    /** Cores this node offers to placement. */
    OptionalInt cores();

    /** The operator's labels of the node, {@code k=v,k2=v2} ({@code kpm agent --labels}); shown, never interpreted. */
    Optional<String> labels();

    @WithDefault("2s")
    Duration heartbeatInterval();

    /** Between SIGTERM and SIGKILL when killing a job's processes. */
    @WithDefault("3s")
    Duration killGrace();

    /**
     * Start each rank through {@code setpriv --pdeathsig KILL} (util-linux), so that a rank never outlives its
     * agent, whatever signal ends the agent. Off, or without setpriv, a killed agent leaves its ranks running.
     */
    @WithDefault("true")
    boolean parentDeathSignal();

    /**
     * A LaunchRequested older than this when the agent reads it is not carried out: a fresh agent group reads
     * kpm.launch from the beginning, and requests from long ago belong to jobs the scheduler has already
     * failed by its launch deadline.
     */
    @WithDefault("60s")
    Duration launchMaxAge();

    /**
     * The most bytes of each rank's stdout, and of its stderr, published to kpm.proc.output. Beyond it the agent
     * still reads the pipe (so the rank never blocks on a full pipe) but drops the bytes, and the stream's eof
     * chunk says how many ({@code truncated}, {@code keptBytes}, {@code droppedBytes}).
     */
    @WithDefault("64M")
    MemorySize outputCap();

    /** The URL published in NodeRegistered; default http://&lt;hostname&gt;:&lt;quarkus.http.port&gt;. */
    Optional<String> url();
}
