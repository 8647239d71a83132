package io.kpm.nodeagent.presence;

import static io.kpm.nodeagent.AgentTestKit.NODE;
import static io.kpm.nodeagent.AgentTestKit.WAIT;
import static io.kpm.nodeagent.AgentTestKit.bootstrap;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.nodeagent.config.NodeIdentity;
import io.kpm.schemas.Topics;
import io.kpm.schemas.cpu.CpuList;
import io.kpm.schemas.events.NodeHeartbeat;
import io.kpm.schemas.events.NodeRegistered;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The node on kpm.nodes, and the agent's health and metrics endpoints. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class PresenceTest {

    @Test
    void theNodeRegistersAndHeartbeats() throws IOException {
        NodeRegistered registered = TopicReader.await(bootstrap(), Topics.NODES, NodeRegistered.class,
                e -> e.nodeId().equals(NODE), WAIT);
        assertEquals(2, registered.cores());
        assertEquals(NodeIdentity.machineHostname(), registered.hostname());
        assertTrue(registered.agentUrl().startsWith("http://"), registered.agentUrl());
        assertEquals("node-agent", registered.meta().producer().service());
        // the cpus it may hand out: exactly those this process (the agent) may run on, read from /sys
        String allowed = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow().substring(18).trim();
        assertEquals(allowed, CpuList.format(registered.topology().hwthreads()));
        assertEquals(Map.of("rack", "r1", "role", "test"), registered.labels());

        await().atMost(WAIT).until(() -> TopicReader.readAll(bootstrap(), Topics.NODES).stream()
                .filter(e -> e instanceof NodeHeartbeat h && h.nodeId().equals(NODE)).count() >= 2);
        NodeHeartbeat heartbeat = TopicReader.await(bootstrap(), Topics.NODES, NodeHeartbeat.class,
                e -> e.nodeId().equals(NODE), WAIT);
        assertEquals(2, heartbeat.cores());
        assertEquals(registered.hostname(), heartbeat.hostname());
        assertTrue(heartbeat.runningProcs() >= 0);
        // kpm.nodes is compacted: the last heartbeat may be all that is left of the node, so it describes it whole
        assertEquals(registered.topology(), heartbeat.topology());
        assertEquals(registered.labels(), heartbeat.labels());
    }

    @Test
    void readyOnceRegisteredWithItsPartitionAndKafka() {
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("node-registered", "launch-consumer",
                        "SmallRye Reactive Messaging - readiness check"))
                .body("checks.find { it.name == 'node-registered' }.data.nodeId", equalTo(NODE)));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'node-agent' }.data.nodeId", equalTo(NODE));
        given().get("/q/health").then().statusCode(200)
                .body("checks.name", hasItems("node-agent", "node-registered", "launch-consumer"));
    }

    @Test
    void metricsInPrometheusFormat() {
        given().accept("text/plain").get("/q/metrics").then().statusCode(200)
                .body(containsString("kpm_agent_running_ranks"))
                .body(containsString("kpm_agent_launches_total"))
                .body(containsString("kpm_agent_launch_failures_total{reason=\"NOT_FOUND\""))
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("kafka_consumer_"))
                .body(containsString("kafka_producer_"));
    }
}
