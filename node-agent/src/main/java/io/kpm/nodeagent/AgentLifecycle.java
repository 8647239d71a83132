package io.kpm.nodeagent;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.kpm.nodeagent.config.AgentConfig;
import io.kpm.nodeagent.input.StdinConsumer;
import io.kpm.nodeagent.config.NodeIdentity;
import io.kpm.nodeagent.kill.JobProcesses;
import io.kpm.nodeagent.kill.KillService;
import io.kpm.nodeagent.launch.LaunchConsumer;
import io.kpm.nodeagent.presence.Presence;
import io.kpm.schemas.RetentionOverrides;
import io.kpm.schemas.TopicSetup;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * The order the agent starts and stops in. Start: topics exist, the launch consumer holds its partition, then
 * NodeRegistered (so a registered node can take launches). Stop: no new launches, no more heartbeats, every
 * rank killed and its ProcExited published, then NodeLeft as the node's last word.
 */
@Singleton
public class AgentLifecycle {

    private static final Logger LOG = Logger.getLogger(AgentLifecycle.class);
    private static final long RETRY_MILLIS = 2000;

    @Inject
    LaunchConsumer launchConsumer;
    @Inject
    StdinConsumer stdinConsumer;
    @Inject
    Presence presence;
    @Inject
    KillService kills;
    @Inject
    AgentConfig config;
    @Inject
    NodeIdentity node;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    /** Quarkus' kafka.* settings: bootstrap and, on a secured cluster, security.protocol, sasl.*, ssl.*. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;
    @ConfigProperty(name = RetentionOverrides.RETENTION_KEY)
    Optional<String> retention;
    @ConfigProperty(name = RetentionOverrides.RETENTION_BYTES_KEY)
    Optional<String> retentionBytes;

    private volatile boolean stopping;
    private Thread starter;

    // runs after SmallRye messaging wired its channels (it observes StartupEvent at a lower priority value)
    void onStart(@Observes StartupEvent event) {
        // mistyped settings stop the agent here, with the reason, rather than in the background or at a launch
        if (config.outputCap().asLongValue() < 1) {
            throw new IllegalArgumentException("kpm.agent.output-cap must be at least 1 byte, got " + config.outputCap());
        }
        RetentionOverrides topicRetention = RetentionOverrides.parse(retention.orElse(null), retentionBytes.orElse(null));
        // Kafka may not be up yet: start in the background and let /q/health/ready say when we are ready
        starter = new Thread(() -> startUp(topicRetention), "kpm-agent-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void startUp(RetentionOverrides topicRetention) {
        while (!stopping) {
            try {
                TopicSetup.ensureTopics(kafka, (short) 1, topicRetention);
                break;
            } catch (IllegalStateException e) {
                LOG.warnf("%s; retrying", e.getMessage());
                if (!sleep()) return;
            }
        }
        // what an earlier run of this agent left alive (e.g. a rank's child that escaped the parent death signal)
        // ends before this run starts anything
        int orphans = endEarlierRuns();
        // the stdin reader takes its position before any rank of this run can start, so none misses a chunk
        stdinConsumer.start();
        while (!stopping && !stdinConsumer.isPositioned()) {
            if (!sleep(100)) return;
        }
        launchConsumer.start();
        while (!stopping && !launchConsumer.isAssigned()) {
            if (!sleep(100)) return;
        }
        while (!stopping && !presence.register(orphans)) {
            LOG.warn("Kafka did not take NodeRegistered; retrying");
            if (!sleep()) return;
        }
    }

    private int endEarlierRuns() {
        List<ProcessHandle> orphans = JobProcesses.earlierRuns(node.agentId(), node.agentRun());
        for (ProcessHandle p : orphans) {
            LOG.warnf("ending process %d left by an earlier run of node %s's agent: %s", p.pid(), node.nodeId(),
                    p.info().commandLine().orElse("?"));
            p.destroyForcibly();
        }
        return orphans.size();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (starter != null) {
            starter.interrupt();
            try {
                starter.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        launchConsumer.stop();
        kills.killAllAndWait(15);
        stdinConsumer.stop();
        presence.leave("shutdown");
    }

    private boolean sleep() {
        return sleep(RETRY_MILLIS);
    }

    private boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
