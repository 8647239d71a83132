package io.kpm.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.gateway.pmi.server.PmiServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class HealthMetricsPmiTest {

    @Inject
    PmiServer pmi;

    @Test
    void readyOnceCaughtUpWithKafkaReachableAndThePmiPortBound() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(KAFKA_READINESS, "consumers", "pmi"))
                .body("checks.find { it.name == '" + KAFKA_READINESS + "' }.data.events-out", equalTo("[OK]"))
                .body("checks.find { it.name == 'pmi' }.data.port", equalTo(pmi.boundPort())));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health").then().statusCode(200).body("checks.name",
                hasItems("SmallRye Reactive Messaging - liveness check", KAFKA_READINESS));
    }

    private static final String KAFKA_READINESS = "SmallRye Reactive Messaging - readiness check";

    @Test
    void metricsArePrometheusText() {
        given().accept("text/plain").get("/q/metrics").then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("kpm_gateway_jobs"))
                .body(containsString("kpm_gateway_spawns_waiting"))
                .body(containsString("kafka_producer"))
                .body(containsString("kafka_consumer"))
                .body(containsString("http_server_requests_seconds_count{"));
    }

    /** The REST API's OpenAPI document lists the spawn and job paths; Swagger UI is served beside it. */
    @Test
    void openApiListsTheRestApiAndSwaggerUiIsServed() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("openapi", startsWith("3."))
                .body("paths", hasKey("/api/v1/spawn"))
                .body("paths", hasKey("/api/v1/jobs"))
                .body("paths", hasKey("/api/v1/jobs/{pgid}"));
        given().redirects().follow(true).get("/q/swagger-ui/").then().statusCode(200)
                .contentType(containsString("text/html"));
    }

    @Test
    void pmiPortAnswersAPmi1Init() throws Exception {
        assertTrue(pmi.boundPort() > 0);
        try (Socket socket = new Socket("127.0.0.1", pmi.boundPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("cmd=init pmi_version=1 pmi_subversion=1\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertEquals("cmd=response_to_init pmi_version=1 pmi_subversion=1 rc=0", in.readLine());
        }
    }

    @Test
    void unknownPathsAreProblems() {
        given().get("/api/v1/nope").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", equalTo("there is nothing at GET /api/v1/nope (the API is under /api/v1 and /api/v2)"));
        given().put("/api/v1/nodes").then().statusCode(405).contentType("application/problem+json")
                .body("detail", equalTo("PUT is not allowed on /api/v1/nodes"));
    }
}
