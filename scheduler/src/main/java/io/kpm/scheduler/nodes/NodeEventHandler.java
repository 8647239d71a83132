package io.kpm.scheduler.nodes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kpm.scheduler.StartupRebuild;
import io.kpm.scheduler.proc.JobFailures;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.NodeRegistered;

/**
 * Applies each event of kpm.nodes (read from its start on every scheduler start, by
 * {@link io.kpm.scheduler.kafka.StateEventsConsumer}) to the live registry.
 */
@ApplicationScoped
public class NodeEventHandler {

    @Inject
    LiveNodes nodes;

    @Inject
    StartupRebuild startup;

    @Inject
    JobFailures failures;

    public void onNodeEvent(KpmEvent event) {
        startup.awaitDone();
        nodes.apply(event);
        // after the registry took it: a restarted agent's earlier ranks died with it
        if (event instanceof NodeRegistered registered) failures.registered(registered);
    }
}
