package io.kpm.cli.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class GatewayClientTest {

    @Test
    void acceptsTheGatewayUrlInTheFormsPeopleWriteIt() {
        assertEquals("http://h:7702", GatewayClient.normalize("http://h:7702"));
        assertEquals("http://h:7702", GatewayClient.normalize("http://h:7702/"));
        assertEquals("http://h:7702", GatewayClient.normalize("http://h:7702/api/v1/"));
        assertEquals("http://h:7702", GatewayClient.normalize(" h:7702 "));
        assertEquals("https://h", GatewayClient.normalize("https://h"));
    }

    @Test
    void problemAnswersBecomeTheirDetail() throws Exception {
        try (FakeGateway gateway = new FakeGateway()) {
            gateway.spawnAnswers = List.of(new FakeGateway.Answer(404, """
                    {"type":"about:blank","title":"Unknown host","status":404,"detail":"no node named foo (hosts: foo)"}"""));
            GatewayProblem e = assertThrows(GatewayProblem.class,
                    () -> new GatewayClient(gateway.url()).spawn(Json.mapper().createObjectNode()));
            assertEquals(404, e.status());
            assertEquals("no node named foo (hosts: foo)", e.getMessage());
            assertEquals("Unknown host", e.title());
        }
    }

    @Test
    void errorsThatAreNotProblemJsonShowTheirFirstLine() throws Exception {
        try (FakeGateway gateway = new FakeGateway()) {
            GatewayProblem e = assertThrows(GatewayProblem.class,
                    () -> new GatewayClient(gateway.url() + "/nothing-here").jobs());
            assertEquals("HTTP 404: no such thing", e.getMessage());
        }
        assertEquals("the gateway answered HTTP 500", GatewayClient.problem(500, "").getMessage());
        assertEquals("Oops", GatewayClient.problem(500, "{\"title\":\"Oops\"}").getMessage());
    }

    @Test
    void readsJobsNodesAndSpawnAnswers() throws Exception {
        try (FakeGateway gateway = new FakeGateway()) {
            GatewayClient client = new GatewayClient(gateway.url());
            assertEquals(new SpawnAccepted(7, "kvs_kpm_7", "/api/v1/jobs/7"), client.spawn(Json.mapper().createObjectNode()));
            assertEquals("POST /api/v1/spawn?wait=false", gateway.requests.get(0));
            assertEquals(7L, client.job(7).pgid());
            assertEquals(1, client.jobs().size());
            assertEquals("node-0", client.nodes().get(0).nodeId());
            assertEquals("FINISHED", client.abort(7).state());
            assertTrue(gateway.requests.contains("DELETE /api/v1/jobs/7"));
        }
    }

    @Test
    void anUnreachableGatewaySaysWhere() {
        int port = io.kpm.cli.stack.PortAllocator.freePorts(1).get(0);
        GatewayUnreachable e = assertThrows(GatewayUnreachable.class,
                () -> new GatewayClient("http://127.0.0.1:" + port).nodes());
        assertEquals("cannot reach the gateway at http://127.0.0.1:" + port + ": connection refused", e.getMessage());
    }
}
