package io.kpm.gateway.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.gateway.TestEvents;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.NodeDraining;
import io.kpm.schemas.events.NodeHeartbeat;
import io.kpm.schemas.events.NodeLeft;
import io.kpm.schemas.events.NodeRegistered;
import io.kpm.schemas.events.NodeUndrained;
import io.kpm.schemas.events.Producer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** GET /nodes from kpm.nodes on the real broker. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class NodesResourceTest {

    @Test
    void showsEachNodesStateFromItsEvents() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String up = "up-" + run, old = "old-" + run, draining = "draining-" + run, left = "left-" + run,
                lost = "lost-" + run;
        EventMeta minuteAgo = new EventMeta(UUID.randomUUID().toString(), Instant.now().minusSeconds(60),
                new Producer("node-agent", old), EventMeta.SCHEMA_VERSION);
        TopicReader.publish(TestEvents.bootstrap(),
                new NodeRegistered(TestEvents.meta(), up, "host-up", 4, "http://127.0.0.1:7710"),
                new NodeHeartbeat(TestEvents.meta(), up, "host-up", 4, 3),
                new NodeHeartbeat(minuteAgo, old, "host-old", 2, 0),
                new NodeRegistered(TestEvents.meta(), draining, "host-d", 8, null),
                new NodeDraining(TestEvents.meta(), draining, "host-d", 8, "maintenance"),
                new NodeRegistered(TestEvents.meta(), left, "host-l", 1, null),
                new NodeLeft(TestEvents.meta(), left, "shutdown"),
                new NodeRegistered(TestEvents.meta(), lost, "host-x", 1, null),
                new NodeLeft(TestEvents.meta(), lost, "lost"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/nodes").then()
                .statusCode(200)
                .body("find { it.nodeId == '" + up + "' }.state", equalTo("UP"))
                .body("find { it.nodeId == '" + up + "' }.hostname", equalTo("host-up"))
                .body("find { it.nodeId == '" + up + "' }.cores", equalTo(4))
                .body("find { it.nodeId == '" + up + "' }.runningProcs", equalTo(3))
                .body("find { it.nodeId == '" + up + "' }.lastSeen", notNullValue())
                .body("find { it.nodeId == '" + old + "' }.state", equalTo("LOST"))
                .body("find { it.nodeId == '" + draining + "' }.state", equalTo("DRAINING"))
                .body("find { it.nodeId == '" + left + "' }.state", equalTo("LEFT"))
                .body("find { it.nodeId == '" + lost + "' }.state", equalTo("LOST")));
    }

    @Test
    void drainAndUndrainAreRecordedOnKpmNodesAndShown() throws Exception {
        String node = "drain-me-" + UUID.randomUUID().toString().substring(0, 8);
        TopicReader.publish(TestEvents.bootstrap(), new NodeRegistered(TestEvents.meta(), node, "host-dm", 2, null));
        // the node heartbeats throughout, as its agent would: a drain must outlast heartbeats
        ScheduledExecutorService agent = Executors.newSingleThreadScheduledExecutor();
        agent.scheduleWithFixedDelay(() -> TopicReader.publish(TestEvents.bootstrap(),
                new NodeHeartbeat(TestEvents.meta(), node, "host-dm", 2, 1)), 0, 1, TimeUnit.SECONDS);
        try {
            drainAndUndrain(node);
        } finally {
            agent.shutdownNow();
            agent.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private void drainAndUndrain(String node) {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().get("/api/v1/nodes").then()
                .body("find { it.nodeId == '" + node + "' }.state", equalTo("UP")));

        given().post("/api/v1/nodes/" + node + "/drain?reason=new disks").then()
                .statusCode(200).body("nodeId", equalTo(node)).body("state", equalTo("DRAINING"));
        given().get("/api/v1/nodes").then().body("find { it.nodeId == '" + node + "' }.state", equalTo("DRAINING"));
        NodeDraining recorded = TopicReader.await(TestEvents.bootstrap(), Topics.NODES, NodeDraining.class,
                e -> e.nodeId().equals(node), Duration.ofSeconds(20));
        assertEquals("new disks", recorded.reason());
        assertEquals("host-dm", recorded.hostname());
        assertEquals(NodeDraining.drainKey(node), TopicReader.readAllRecords(TestEvents.bootstrap(), Topics.NODES)
                .stream().filter(r -> r.key() != null && r.key().startsWith(node + " ")).findFirst().orElseThrow().key(),
                "keyed apart from the node's heartbeats, which compaction would otherwise let erase it");

        // a second drain changes nothing
        given().post("/api/v1/nodes/" + node + "/drain").then().statusCode(200).body("state", equalTo("DRAINING"));

        given().post("/api/v1/nodes/" + node + "/undrain").then().statusCode(200).body("state", equalTo("UP"));
        TopicReader.await(TestEvents.bootstrap(), Topics.NODES, NodeUndrained.class, e -> e.nodeId().equals(node),
                Duration.ofSeconds(20));
        given().get("/api/v1/nodes").then().body("find { it.nodeId == '" + node + "' }.state", equalTo("UP"));
    }

    @Test
    void drainingAnUnknownNodeIsA404NamingTheKnownOnes() {
        given().post("/api/v1/nodes/no-such-node/drain").then()
                .statusCode(404)
                .body("detail", containsString("no node 'no-such-node'"));
        given().post("/api/v1/nodes/no-such-node/undrain").then().statusCode(404);
    }
}
