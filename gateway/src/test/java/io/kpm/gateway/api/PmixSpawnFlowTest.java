package io.kpm.gateway.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.gateway.TestEvents;
import io.kpm.gateway.TestEvents.SseEvent;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.EnvOp;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobRunning;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.RankExit;
import io.kpm.schemas.events.SpawnCompleted;
import io.kpm.schemas.events.SpawnRequested;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** /api/v2 against the real broker, with the test thread playing the scheduler and the node agents. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class PmixSpawnFlowTest {

    private static CompletableFuture<Response> post(String body) {
        return CompletableFuture.supplyAsync(() -> given().contentType("application/json").body(body)
                .when().post("/api/v2/spawn?wait=false").then().extract().response());
    }

    private static SpawnRequested awaitRequest(String mark) {
        return TopicReader.await(TestEvents.bootstrap(), Topics.SPAWN_REQUESTS, SpawnRequested.class,
                r -> mark.equals(r.jobInfo().get("mark")), Duration.ofSeconds(20));
    }

    @Test
    void aPmixConventionSpawnIsMappedAnsweredWithItsDirectivesAndRecordsTheUnknownOne() throws Exception {
        String mark = UUID.randomUUID().toString();
        CompletableFuture<Response> post = post("""
                {"jobInfo":{"mark":"%s","PMIX_JOB_TIMEOUT":60,"PMIX_NOTIFY_COMPLETION":true},
                 "apps":[{"cmd":"/bin/echo","argv":["echo","hi"],"env":["A=1"],"maxprocs":4,"minprocs":1,
                   "info":{"PMIX_MAPBY":"node","PMIX_PREPEND_ENVAR":"PATH=/opt/x/bin","PMIX_BINDTO":"core",
                           "PMIX_WARP_DRIVE":"engaged"}}]}""".formatted(mark));
        SpawnRequested request = awaitRequest(mark);
        AppSpec app = request.apps().get(0);
        assertEquals("/bin/echo", app.cmd());
        assertEquals(List.of("hi"), app.argv());
        assertEquals(Map.of("A", "1"), app.env());
        assertEquals(1, app.ppn());
        assertEquals(List.of(new EnvOp(EnvOp.Kind.PREPEND, "PATH", "/opt/x/bin", null)), app.envOps());
        assertEquals("60", request.jobInfo().get("timeout"));
        assertEquals("mark,PMIX_WARP_DRIVE", request.jobInfo().get("kpm.directives.unknown"));

        long pgid = TestEvents.uniquePgid();
        TopicReader.publish(TestEvents.bootstrap(), new JobAccepted(TestEvents.meta(), pgid, request.requestId(),
                "kvs_kpm_" + pgid, null, 4, request.apps(), Map.of(), request.jobInfo(), request.pmiEndpoint()));
        Response answer = post.get(30, TimeUnit.SECONDS);
        assertEquals(202, answer.statusCode(), answer.asString());
        JsonPath json = answer.jsonPath();
        assertEquals(pgid, json.getLong("pgid"));
        assertTrue(json.getString("notifications").endsWith("/api/v2/jobs/" + pgid + "/notifications"));
        assertEquals("unknown", json.getString("directives.find { it.name == 'PMIX_WARP_DRIVE' }.status"));
        assertEquals("not-applied", json.getString("directives.find { it.name == 'PMIX_BINDTO' }.status"));
        assertEquals("applied", json.getString("directives.find { it.name == 'PMIX_MAPBY' }.status"));

        // the job's record keeps it: v1's view shows the job info and each app's info
        given().get("/api/v1/jobs/" + pgid).then().statusCode(200)
                .body("jobInfo.'kpm.directives.unknown'", equalTo("mark,PMIX_WARP_DRIVE"))
                .body("appInfo[0].PMIX_WARP_DRIVE", equalTo("engaged"));
    }

    @Test
    void anInvalidBodyIsA400ThatNamesEachField() {
        Response r = given().contentType("application/json").body("""
                {"apps":[{"cmd":"x","maxprocs":0,"info":{"PMIX_MAPBY":"socket"}}]}""").post("/api/v2/spawn");
        assertEquals(400, r.statusCode(), r.asString());
        assertEquals("urn:kpm:problem:invalid-spawn", r.jsonPath().getString("type"));
        assertEquals(List.of("apps[0].maxprocs must be a positive integer, got 0",
                "apps[0].info.PMIX_MAPBY: kpm maps by slot, node or ppr:N:node (it does not see sockets, cores or "
                        + "caches); got \"socket\""), r.jsonPath().getList("problems"));
        given().contentType("application/json").body("{\"apps\":[{\"cmd\":\"x\",\"maxprocs\":0}]}")
                .post("/api/v1/spawn").then().statusCode(400);
    }

    @Test
    void pmixTimeoutBoundsTheSpawnOperationBelowTheGatewaysOwnTimeout() {
        // nobody plays the scheduler here: the gateway's own limit in tests is 10 s, the caller's 2 s
        long started = System.nanoTime();
        Response r = given().contentType("application/json")
                .body("{\"jobInfo\":{\"PMIX_TIMEOUT\":2},\"apps\":[{\"cmd\":\"x\",\"maxprocs\":1}]}")
                .post("/api/v2/spawn");
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        assertEquals(504, r.statusCode(), r.asString());
        assertTrue(r.jsonPath().getString("detail").contains("within 2 s"), r.asString());
        assertTrue(seconds < 8, "answered after " + seconds + " s");
    }

    private static List<KpmEvent> run(long pgid, String requestId) {
        return List.of(
                new ProcStarted(TestEvents.meta(), pgid, 0, "node-a", 100),
                new ProcStarted(TestEvents.meta(), pgid, 1, "node-b", 101),
                new JobRunning(TestEvents.meta(), pgid),
                new SpawnCompleted(TestEvents.meta(), requestId, pgid, "kvs_kpm_" + pgid, List.of(0, 0)),
                new ProcExited(TestEvents.meta(), pgid, 0, "node-a", 0, false),
                new ProcExited(TestEvents.meta(), pgid, 1, "node-b", 7, false),
                new JobFinished(TestEvents.meta(), pgid, 7, List.of(new RankExit(0, "node-a", 0),
                        new RankExit(1, "node-b", 7))));
    }

    @Test
    void notificationsComeAsOneStreamAndByLongPoll() throws Exception {
        long pgid = TestEvents.uniquePgid();
        TopicReader.publish(TestEvents.bootstrap(), JobsResourceTest.accepted(pgid, 2), JobsResourceTest.placed(pgid));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/jobs/" + pgid).then().statusCode(200));

        JsonPath first = given().get("/api/v2/jobs/" + pgid + "/notifications/poll?timeout=10").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("placed"), first.getList("notifications.type"));
        assertEquals(1, first.getInt("next"));
        CompletableFuture<Response> stream = CompletableFuture.supplyAsync(() -> given().accept("text/event-stream")
                .get("/api/v2/jobs/" + pgid + "/notifications").then().extract().response());
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> given()
                .get("/api/v2/jobs/" + pgid + "/notifications/poll?after=1&timeout=20").then().extract().response());
        Thread.sleep(300);
        TopicReader.publish(TestEvents.bootstrap(), run(pgid, "req-" + pgid));

        JsonPath polled = waiting.get(30, TimeUnit.SECONDS).jsonPath();
        assertEquals("running", polled.getString("notifications[0].type"), "the poll returns once there is news");
        assertEquals(List.of(100, 101), polled.getList("notifications[0].ranks.pid"));

        List<SseEvent> events = TestEvents.parseSse(stream.get(30, TimeUnit.SECONDS).asString());
        assertEquals(List.of("placed", "running", "terminated"), events.stream().map(SseEvent::name).toList());
        JsonPath end = JsonPath.from(events.get(2).data());
        assertEquals("FINISHED", end.getString("state"));
        assertEquals(7, end.getInt("exitCode"));
        assertEquals(List.of(0, 7), end.getList("ranks.exitCode"));

        JsonPath last = given().get("/api/v2/jobs/" + pgid + "/notifications/poll?after=2").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("terminated"), last.getList("notifications.type"));
        assertTrue(last.getBoolean("done"));
        given().get("/api/v2/jobs/" + pgid + "/notifications/poll?timeout=301").then().statusCode(400);
        given().get("/api/v2/jobs/99999999/notifications/poll").then().statusCode(404);
    }
}
