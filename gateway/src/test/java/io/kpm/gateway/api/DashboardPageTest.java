package io.kpm.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.gateway.support.StackToken;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The dashboard's page and files are served without the token (they hold no data) under a Content-Security-Policy
 * that admits only their own script and stylesheet; the data behind them still needs the token. The browser
 * test (e2e DashboardBrowserTest) drives the page itself.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class DashboardPageTest {

    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'";

    @Test
    void thePageIsServedWithoutTheTokenUnderAStrictPolicyButTheDataIsNot() {
        RestAssured.replaceFiltersWith(List.of());
        try {
            for (String path : List.of("/", "/index.html")) {
                given().get(path).then().statusCode(200).contentType(containsString("text/html"))
                        .header("Content-Security-Policy", containsString(CSP))
                        .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                        .header("Referrer-Policy", "no-referrer")
                        .body(containsString("dashboard/dashboard.js"));
            }
            given().get("/dashboard/dashboard.js").then().statusCode(200)
                    .header("Content-Security-Policy", containsString(CSP))
                    .header("X-Content-Type-Options", "nosniff")
                    .body(containsString("Authorization"), not(containsString("innerHTML")));
            given().get("/dashboard/dashboard.css").then().statusCode(200).contentType(containsString("text/css"));
            given().get("/api/v1/jobs").then().statusCode(401);
            given().get("/api/v1/nodes").then().statusCode(401);
            // the REST API is not under the page's policy (it is JSON, and Swagger UI must keep its own)
            given().get("/q/health/live").then().statusCode(200).header("Content-Security-Policy", nullValue());
        } finally {
            RestAssured.replaceFiltersWith(List.of(StackToken.SEND_TOKEN));
        }
    }
}
