package io.kpm.scheduler.nodes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.kpm.scheduler.StartupRebuild;
import io.kpm.scheduler.proc.JobFailures;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.NodeRegistered;
import io.smallrye.reactive.messaging.annotations.Blocking;

/** Follows kpm.nodes (from its start on every scheduler start) into the live registry. */
@ApplicationScoped
public class NodeEventConsumer {

    @Inject
    LiveNodes nodes;

    @Inject
    StartupRebuild startup;

    @Inject
    JobFailures failures;

    @Incoming("nodes")
    @Blocking
    public void onNodeEvent(ConsumerRecord<String, KpmEvent> record) {
        if (record.value() == null) return;
        startup.awaitDone();
        nodes.apply(record.value());
        // after the registry took it: a restarted agent's earlier ranks died with it
        if (record.value() instanceof NodeRegistered registered) failures.registered(registered);
    }
}
