package io.kpm.scheduler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.oneOf;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class HealthAndMetricsTest {

    /** SmallRye Health's format: our startup-rebuild check with the role, and the Kafka connector's channels. */
    @Test
    void readyOnceRebuiltAndKafkaAnswers() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200)
                .contentType(containsString("application/json"))
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("startup-rebuild", KAFKA_READINESS))
                .body("checks.find { it.name == 'startup-rebuild' }.data.role", oneOf("leader", "standby"))
                .body("checks.find { it.name == '" + KAFKA_READINESS + "' }.data.'state-in'", equalTo("[OK]")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("SmallRye Reactive Messaging - liveness check"));
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("startup-rebuild", KAFKA_READINESS));
    }

    private static final String KAFKA_READINESS = "SmallRye Reactive Messaging - readiness check";

    @Test
    void metricsArePrometheusText() {
        // Prometheus' text format when asked for it (OpenMetrics otherwise)
        given().accept("text/plain").get("/q/metrics").then()
                .statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("kpm_scheduler_jobs_accepted_total"))
                .body(containsString("kpm_scheduler_jobs_refused_total{status=\"404\""))
                .body(containsString("kpm_scheduler_placement_seconds"))
                .body(containsString("jvm_memory_used_bytes"))
                // quarkus-micrometer's binders: HTTP server requests and the Kafka clients of the channels
                .body(containsString("kafka_consumer_"))
                .body(containsString("http_server_"));
    }
}
