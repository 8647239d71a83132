package io.kpm.scheduler.nodes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.NodeLeft;
import io.kpm.schemas.nodes.NodeFold;
import io.kpm.scheduler.Await;
import io.kpm.scheduler.SchedulerConfig;
import io.kpm.scheduler.kafka.EventPublisher;
import io.kpm.scheduler.metrics.SchedulerMetrics;
import io.kpm.scheduler.placement.PlacementNode;

/** The live node registry the scheduler places on, and the watch that declares silent nodes lost. */
@ApplicationScoped
public class LiveNodes {

    private static final Logger LOG = Logger.getLogger(LiveNodes.class);

    private final NodeRegistry registry = new NodeRegistry();

    /**
     * Silence before this does not count (null: none so far): kpm.nodes could not be read until then, so no
     * heartbeat could arrive. Moved to now at every check that finds kpm.nodes unreadable.
     */
    private Instant logBackAt;

    @Inject
    SchedulerConfig config;

    @Inject
    EventPublisher publisher;

    @Inject
    SchedulerMetrics metrics;

    public synchronized void apply(KpmEvent event) {
        registry.apply(event);
    }

    /**
     * kpm.nodes cannot be read now, or this scheduler only now took the lead: the silence until now does not
     * count against any node.
     */
    public synchronized void logUnreadable(Instant now) {
        logBackAt = now;
    }

    /** The nodes placement may use right now. */
    public synchronized List<PlacementNode> placeable() {
        return registry.live(Instant.now(), config.nodeTimeout(), logBackAt).stream()
                .map(n -> new PlacementNode(n.nodeId(), n.hostname(), n.cores(), n.draining(), n.topology()))
                .toList();
    }

    /** Waits up to {@code wait} for at least one live node; true when there is one. */
    public boolean awaitAnyLive(Duration wait) {
        return Await.until(() -> !placeable().isEmpty(), wait, 100);
    }

    /**
     * Publishes NodeLeft{lost} for every node not heard from within the node timeout (silence counted from when
     * kpm.nodes could last not be read, if that is later: see {@link NodeRegistry#overdue(Instant, Duration, Instant)}). The node is marked lost
     * in the registry at once, so it is declared lost once and no rank is placed on it any more.
     *
     * @return the nodes declared lost now
     */
    public List<String> declareLost(Instant now) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        synchronized (this) {
            for (NodeFold.Node node : registry.overdue(now, config.nodeTimeout(), logBackAt)) {
                NodeLeft left = new NodeLeft(publisher.meta(), node.nodeId(), "lost");
                registry.apply(left);
                lost.add(node.nodeId());
                sent.add(publisher.publish(left));
                metrics.nodeLost();
                LOG.warnf("node %s is lost: nothing heard from it since %s (node timeout %s)", node.nodeId(),
                        node.lastSeen(), config.nodeTimeout());
            }
        }
        if (!sent.isEmpty()) publisher.awaitWritten(sent);
        return lost;
    }
}
