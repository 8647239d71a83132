package io.kpm.nodeagent.presence;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.kpm.nodeagent.config.AgentConfig;
import io.kpm.nodeagent.config.NodeIdentity;
import io.kpm.nodeagent.events.EventPublisher;
import io.kpm.nodeagent.process.RunningRanks;
import io.kpm.schemas.events.NodeHeartbeat;
import io.kpm.schemas.events.NodeLeft;
import io.kpm.schemas.events.NodeRegistered;

/**
 * The node's presence on kpm.nodes: NodeRegistered once, a NodeHeartbeat every heartbeat-interval, NodeLeft
 * when the agent stops. Heartbeats run on a timer of their own so that they start only after the registration
 * and stop before NodeLeft, which must be the node's last event.
 */
@Singleton
public class Presence {

    private static final Logger LOG = Logger.getLogger(Presence.class);
    private static final long ACK_TIMEOUT_SECONDS = 30;

    @Inject
    NodeIdentity node;
    @Inject
    AgentConfig config;
    @Inject
    EventPublisher publisher;
    @Inject
    RunningRanks running;

    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kpm-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean registered;

    /**
     * Publishes NodeRegistered and starts heartbeating; false when Kafka did not take the registration.
     *
     * @param orphansEnded processes of earlier runs of this agent found alive and ended before this one started
     */
    public boolean register(int orphansEnded) {
        NodeRegistered event = new NodeRegistered(node.meta(), node.nodeId(), node.hostname(), node.cores(), node.agentUrl(),
                node.agentRun(), orphansEnded, node.topology(), node.labels());
        if (!publisher.publishAndWait(event, ACK_TIMEOUT_SECONDS)) return false;
        registered = true;
        long every = config.heartbeatInterval().toMillis();
        heartbeats.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        LOG.infof("registered node %s (host %s, %d cores, %s)", node.nodeId(), node.hostname(), node.cores(), node.agentUrl());
        return true;
    }

    public boolean isRegistered() {
        return registered;
    }

    /** Stops heartbeating and publishes NodeLeft (only if the node had registered). */
    public void leave(String reason) {
        heartbeats.shutdownNow();
        try {
            heartbeats.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!registered) return;
        registered = false;
        if (publisher.publishAndWait(new NodeLeft(node.meta(), node.nodeId(), reason), ACK_TIMEOUT_SECONDS)) {
            LOG.infof("node %s left (%s)", node.nodeId(), reason);
        }
    }

    private void heartbeat() {
        try {
            // topology and labels again: kpm.nodes is compacted, the last heartbeat may be all that is left of the node
            publisher.publish(new NodeHeartbeat(node.meta(), node.nodeId(), node.hostname(), node.cores(), running.count(),
                    node.topology(), node.labels()));
        } catch (RuntimeException e) {
            // an exception would cancel the timer for good; one missed heartbeat is harmless
            LOG.warnf("heartbeat not sent: %s", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        heartbeats.shutdownNow();
    }
}
