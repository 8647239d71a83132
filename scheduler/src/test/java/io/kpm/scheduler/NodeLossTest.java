package io.kpm.scheduler;

import static io.kpm.scheduler.TestKafka.await;
import static io.kpm.scheduler.TestKafka.meta;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.NodeLeft;
import io.kpm.schemas.events.NodeRegistered;
import io.kpm.scheduler.nodes.LiveNodes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Nodes whose heartbeats stop are declared lost once (kpm.scheduler.node-timeout is 5s in %test). */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class NodeLossTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    LiveNodes liveNodes;

    boolean placeable(String nodeId) {
        return liveNodes.placeable().stream().anyMatch(n -> n.nodeId().equals(nodeId));
    }

    @Test
    void aNodeLastSeenLongAgoIsLostAtOnceAndOnlyOnce() throws InterruptedException {
        String nodeId = "stale-" + System.nanoTime();
        // event time, not reading time, decides: this registration is a minute old when it is read
        TopicReader.publish(bootstrap, new NodeRegistered(meta(Instant.now().minusSeconds(60)), nodeId, "h", 2, "u"));

        NodeLeft left = await(bootstrap, Topics.NODES, NodeLeft.class, l -> l.nodeId().equals(nodeId));
        assertEquals("lost", left.reason());
        assertEquals("scheduler", left.meta().producer().service());
        assertFalse(placeable(nodeId));

        Thread.sleep(2500); // a few more checks must not declare it lost again
        assertEquals(1, TestKafka.all(bootstrap, Topics.NODES, NodeLeft.class, l -> l.nodeId().equals(nodeId)).size());
    }

    @Test
    void aNodeThatStopsHeartbeatingIsLostAfterTheTimeout() {
        String nodeId = "silent-" + System.nanoTime();
        TopicReader.publish(bootstrap, new NodeRegistered(meta(), nodeId, "h", 2, "u"));
        await().atMost(Duration.ofSeconds(10)).until(() -> placeable(nodeId));

        NodeLeft left = await(bootstrap, Topics.NODES, NodeLeft.class, l -> l.nodeId().equals(nodeId));
        assertEquals("lost", left.reason());
        assertFalse(placeable(nodeId));
    }
}
