package io.kpm.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.gateway.TestEvents;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.SpawnRequested;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Bad spawn bodies are answered 400 with a problem naming what is wrong, and nothing is published. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class SpawnValidationTest {

    /** Every body of this class carries it in jobInfo, so the topic can be searched for anything published. */
    private static final String MARK = "validation-" + UUID.randomUUID();

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{\"apps\":[]}", "apps: at least one app is required"),
                Arguments.of("{}", "apps: at least one app is required"),
                Arguments.of("{\"apps\":[{\"cmd\":\"\",\"maxprocs\":1}]}", "apps[0].cmd is empty"),
                Arguments.of("{\"apps\":[{\"maxprocs\":1}]}", "apps[0].cmd is empty"),
                Arguments.of("{\"apps\":[{\"cmd\":\"hostname\"}]}", "apps[0].maxprocs is missing"),
                Arguments.of("{\"apps\":[{\"cmd\":\"hostname\",\"maxprocs\":0}]}",
                        "apps[0].maxprocs must be a positive integer, got 0"),
                Arguments.of("{\"apps\":[{\"cmd\":\"a\",\"maxprocs\":1},{\"cmd\":\"b\",\"maxprocs\":-2}]}",
                        "apps[1].maxprocs must be a positive integer, got -2"),
                Arguments.of("{\"apps\":[{\"cmd\":\"a\",\"maxprocs\":\"four\"}]}",
                        "apps[0].maxprocs must be a positive integer, got \"four\""),
                Arguments.of("{\"apps\":[{\"cmd\":\"a\",\"maxprocs\":2,\"info\":{\"ppn\":\"two\"}}]}",
                        "apps[0].info.ppn must be a positive integer, got \"two\""),
                Arguments.of("{\"apps\":[{\"cmd\":\"a\",\"maxprocs\":2,\"info\":{\"ppn\":0}}]}",
                        "apps[0].info.ppn must be a positive integer, got \"0\""),
                Arguments.of("{\"apps\":[{\"cmd\":\"a\",\"maxprocs\":1,\"argv\":[\"x\",null]}]}",
                        "apps[0].argv[1] is null"),
                // strict types: a string is not a number, a number is not a string
                Arguments.of("{\"apps\":[{\"cmd\":\"a\",\"maxprocs\":\"2\"}]}",
                        "apps[0].maxprocs must be a positive integer, got \"2\""),
                // what exec cannot carry
                Arguments.of("{\"apps\":[{\"cmd\":\"a\",\"maxprocs\":1,\"env\":{\"A=B\":\"x\"}}]}",
                        "apps[0].env has the name \"A=B\": an environment name must be non-empty, without '=' or NUL"),
                Arguments.of("{\"apps\":[{\"cmd\":\"a\",\"maxprocs\":1,\"env\":{\"A\\u0000\":\"x\"}}]}",
                        "an environment name must be non-empty, without '=' or NUL"),
                Arguments.of("{\"apps\":[{\"cmd\":\"a\",\"maxprocs\":1,\"argv\":[\"x\\u0000y\"]}]}",
                        "apps[0].argv[0] contains a NUL character"),
                Arguments.of("{\"apps\":[{\"cmd\":\"a\\u0000b\",\"maxprocs\":1}]}", "apps[0].cmd contains a NUL character"),
                Arguments.of("{\"jobInfo\":{\"timeout\":\"0\"},\"apps\":[{\"cmd\":\"a\",\"maxprocs\":1}]}",
                        "jobInfo.timeout must be a whole number of seconds, at least 1, got \"0\""));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void refusesWithAProblemNamingTheField(String apps, String expected) {
        String rest = apps.substring(1);
        String body = "{\"jobInfo\":{\"mark\":\"" + MARK + "\"}" + (rest.equals("}") ? "" : ",") + rest;
        given().contentType("application/json").body(body)
                .when().post("/api/v1/spawn")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", equalTo("Bad Request"))
                .body("type", equalTo("urn:kpm:problem:invalid-spawn"))
                .body("detail", containsString(expected));
    }

    @ParameterizedTest
    @MethodSource("wrongTypes")
    void aNumberIsNotAStringAndIsNotCoerced(String body, String expected) {
        given().contentType("application/json").body(body)
                .when().post("/api/v1/spawn")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:kpm:problem:malformed-json"))
                .body("detail", containsString(expected));
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("{\"jobInfo\":{\"mark\":\"" + MARK + "\"},\"apps\":[{\"cmd\":5,\"maxprocs\":1}]}",
                        "apps[0].cmd has the wrong form"),
                Arguments.of("{\"jobInfo\":{\"mark\":\"" + MARK + "\"},\"apps\":[{\"cmd\":\"a\",\"maxprocs\":1,\"argv\":[7]}]}",
                        "apps[0].argv[0] has the wrong form"));
    }

    @Test
    void namesEveryProblemOfABody() {
        given().contentType("application/json")
                .body("{\"jobInfo\":{\"mark\":\"" + MARK + "\"},\"apps\":[{\"cmd\":\"\"},{\"cmd\":\"x\",\"maxprocs\":0}]}")
                .when().post("/api/v1/spawn")
                .then().statusCode(400)
                .body("detail", containsString("apps[0].cmd is empty"))
                .body("detail", containsString("apps[0].maxprocs is missing"))
                .body("detail", containsString("apps[1].maxprocs must be a positive integer"));
    }

    @Test
    void malformedJsonIsAProblemSayingWhere() {
        given().contentType("application/json").body("{\"apps\":[{\"cmd\":\"x\",}")
                .when().post("/api/v1/spawn")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:kpm:problem:malformed-json"))
                .body("detail", containsString("not valid JSON"))
                .body("detail", containsString("line 1"))
                .body("detail", not(containsString("Source")));
    }

    @Test
    void jsonOfTheWrongShapeNamesTheField() {
        given().contentType("application/json").body("{\"apps\":[{\"cmd\":\"x\",\"maxprocs\":1,\"argv\":\"-l\"}]}")
                .when().post("/api/v1/spawn")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("apps[0].argv"));
    }

    @Test
    void emptyBodyIsAProblem() {
        given().contentType("application/json").body("")
                .when().post("/api/v1/spawn")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("request body is missing"));
    }

    @Test
    void badWaitParameterIsAProblem() {
        given().contentType("application/json")
                .body("{\"jobInfo\":{\"mark\":\"" + MARK + "\"},\"apps\":[{\"cmd\":\"x\",\"maxprocs\":1}]}")
                .when().post("/api/v1/spawn?wait=maybe")
                .then().statusCode(400)
                .body("detail", containsString("wait must be true or false"));
    }

    @Test
    void notJsonIsUnsupportedMediaType() {
        given().contentType("text/plain").body("hostname")
                .when().post("/api/v1/spawn")
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("status", equalTo(415))
                .body("detail", containsString("must be application/json, got text/plain"));
    }

    @AfterAll
    static void nothingWasPublished() {
        List<SpawnRequested> published = TopicReader.readAll(TestEvents.bootstrap(), Topics.SPAWN_REQUESTS).stream()
                .filter(SpawnRequested.class::isInstance).map(SpawnRequested.class::cast)
                .filter(r -> MARK.equals(r.jobInfo().get("mark")))
                .toList();
        assertEquals(List.of(), published, "refused spawns must publish nothing");
    }
}
