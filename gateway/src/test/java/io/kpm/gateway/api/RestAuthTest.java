package io.kpm.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.gateway.TestEvents;
import io.kpm.gateway.support.StackToken;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.SpawnRequested;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** No REST action without the stack's token; only health is open; oversized bodies are 413 problems. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class RestAuthTest {

    @Test
    void withoutTheTokenEveryRequestIs401AndNothingRuns() {
        String mark = "auth-" + UUID.randomUUID();
        String body = "{\"jobInfo\":{\"mark\":\"" + mark + "\"},\"apps\":[{\"cmd\":\"id\",\"maxprocs\":1}]}";
        RestAssured.replaceFiltersWith(List.of());
        try {
            given().contentType("application/json").body(body).post("/api/v1/spawn").then().statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .body("type", equalTo("urn:kpm:problem:unauthorized"))
                    .body("detail", containsString("Authorization: Bearer"));
            given().header("Authorization", "Bearer not-the-token").contentType("application/json").body(body)
                    .post("/api/v1/spawn").then().statusCode(401).body("detail", equalTo("the token is not this stack's"));
            given().get("/api/v1/jobs").then().statusCode(401);
            given().get("/api/v1/nodes").then().statusCode(401);
            given().delete("/api/v1/jobs/1").then().statusCode(401);
            // read-only endpoints are open from loopback (this test's client); ReadOnlyEndpointsAccessTest covers the rest
            given().get("/q/metrics").then().statusCode(200);
            // supervisors probe health without credentials
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            RestAssured.replaceFiltersWith(List.of(StackToken.SEND_TOKEN));
        }
        given().header("Authorization", "Bearer " + StackToken.TOKEN).get("/api/v1/jobs").then().statusCode(200);
        List<SpawnRequested> published = TopicReader.readAll(TestEvents.bootstrap(), Topics.SPAWN_REQUESTS).stream()
                .filter(SpawnRequested.class::isInstance).map(SpawnRequested.class::cast)
                .filter(r -> mark.equals(r.jobInfo().get("mark"))).toList();
        assertEquals(List.of(), published, "a refused request publishes nothing");
    }

    @Test
    void anOversizedBodyIsA413Problem() {
        String big = "x".repeat(10 * 1024 * 1024);
        given().contentType("application/json").body("{\"apps\":[{\"cmd\":\"" + big + "\",\"maxprocs\":1}]}")
                .post("/api/v1/spawn").then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:kpm:problem:body-too-large"))
                .body("detail", containsString("at most 1048576"));
    }
}
