package io.kpm.gateway.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.gateway.TestEvents;
import io.kpm.gateway.pmi.server.PmiServer;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.LaunchFailure;
import io.kpm.schemas.events.ProcLaunchFailed;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.RankPlacement;
import io.kpm.schemas.events.SpawnCompleted;
import io.kpm.schemas.events.SpawnFailed;
import io.kpm.schemas.events.SpawnRequested;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** POST /spawn against the real broker, with the test thread playing the scheduler. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class SpawnFlowTest {

    @Inject
    PmiServer pmi;

    private static CompletableFuture<Response> post(String query, String body) {
        return CompletableFuture.supplyAsync(() -> given().contentType("application/json").body(body)
                .when().post("/api/v1/spawn" + query)
                .then().extract().response());
    }

    private static String body(String mark) {
        return "{\"jobInfo\":{\"mark\":\"" + mark + "\"},\"apps\":[{\"cmd\":\"hostname\",\"maxprocs\":2}]}";
    }

    /** What the scheduler sees: the request this test sent (found by its jobInfo mark). */
    private static SpawnRequested awaitRequest(String mark) {
        return TopicReader.await(TestEvents.bootstrap(), Topics.SPAWN_REQUESTS, SpawnRequested.class,
                r -> mark.equals(r.jobInfo().get("mark")), Duration.ofSeconds(20));
    }

    private static JobAccepted accepted(SpawnRequested r, long pgid) {
        return new JobAccepted(TestEvents.meta(), pgid, r.requestId(), "kvs_kpm_" + pgid, null,
                r.apps().stream().mapToInt(AppSpec::maxprocs).sum(), r.apps(), Map.of(), r.jobInfo(),
                r.pmiEndpoint());
    }

    /** Both ranks of {@link #body} on node n1. */
    private static JobPlaced placedOnN1(long pgid) {
        return new JobPlaced(TestEvents.meta(), pgid, "kvs_kpm_" + pgid, 2, List.of("n1"),
                List.of(new RankPlacement(0, "n1", 0, 1), new RankPlacement(1, "n1", 0, 2)), "(vector,(0,1,2))");
    }

    private static Response answer(CompletableFuture<Response> post) throws Exception {
        return post.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aRequestSentAgainWithItsIdIsTheSameJobAndCarriesADeadlineBeforeTheTimeout() throws Exception {
        String mark = UUID.randomUUID().toString();
        String id = "retry-" + mark;
        String body = "{\"requestId\":\"" + id + "\",\"jobInfo\":{\"mark\":\"" + mark
                + "\"},\"apps\":[{\"cmd\":\"hostname\",\"maxprocs\":2}]}";
        CompletableFuture<Response> first = post("?wait=false", body);
        SpawnRequested request = awaitRequest(mark);
        assertEquals(id, request.requestId());
        assertNotNull(request.deadline(), "every request says when its requester gives up");
        assertTrue(request.deadline().isBefore(java.time.Instant.now().plusSeconds(10)),
                "the scheduler's cut-off comes before the gateway's 10 s timeout: " + request.deadline());
        long pgid = TestEvents.uniquePgid();
        TopicReader.publish(TestEvents.bootstrap(), accepted(request, pgid));
        assertEquals(pgid, answer(first).jsonPath().getLong("pgid"));

        Response again = answer(post("?wait=false", body));
        assertEquals(202, again.statusCode(), again.asString());
        assertEquals(pgid, again.jsonPath().getLong("pgid"), "the same job");
        long published = TopicReader.readAll(TestEvents.bootstrap(), Topics.SPAWN_REQUESTS).stream()
                .filter(e -> e instanceof SpawnRequested r && id.equals(r.requestId())).count();
        assertEquals(1, published, "the retry was answered without a second request");

        given().contentType("application/json").body("{\"requestId\":\"bad id!\",\"apps\":[{\"cmd\":\"x\",\"maxprocs\":1}]}")
                .post("/api/v1/spawn").then().statusCode(400);
    }

    @Test
    void answersWithPgidKvsnameAndErrcodesOnceEveryRankStarted() throws Exception {
        String mark = UUID.randomUUID().toString();
        String body = "{\"jobInfo\":{\"mark\":\"" + mark + "\"},\"apps\":[{\"cmd\":\"hostname\",\"argv\":[\"-s\"],"
                + "\"env\":{\"A\":\"1\"},\"cwd\":\"/tmp\",\"maxprocs\":3,\"info\":{\"hosts\":\"n1, n2\",\"host\":\"n3\","
                + "\"ppn\":2,\"path\":\"/usr/bin\",\"wdir\":\"/ignored\",\"color\":\"blue\"}}]}";
        CompletableFuture<Response> post = post("", body);

        SpawnRequested request = awaitRequest(mark);
        AppSpec app = request.apps().get(0);
        assertEquals("hostname", app.cmd());
        assertEquals(List.of("-s"), app.argv());
        assertEquals(Map.of("A", "1"), app.env());
        assertEquals("/tmp", app.wdir(), "cwd wins over info.wdir");
        assertEquals("/usr/bin", app.path());
        assertEquals(3, app.maxprocs());
        assertEquals(List.of("n1", "n2", "n3"), app.hosts());
        assertEquals(2, app.ppn());
        assertEquals("blue", app.info().get("color"), "every info key is kept");
        assertEquals("2", app.info().get("ppn"));
        assertEquals("127.0.0.1:" + pmi.boundPort(), request.pmiEndpoint());
        assertNull(request.spawnerPgid());
        assertFalse(post.isDone(), "the answer waits for the scheduler");

        long pgid = TestEvents.uniquePgid();
        TopicReader.publish(TestEvents.bootstrap(), accepted(request, pgid),
                new SpawnCompleted(TestEvents.meta(), request.requestId(), pgid, "kvs_kpm_" + pgid, List.of(0, 0, 0)));

        Response response = answer(post);
        assertEquals(200, response.statusCode(), response.asString());
        JsonPath json = response.jsonPath();
        assertEquals(pgid, json.getLong("pgid"));
        assertEquals("kvs_kpm_" + pgid, json.getString("kvsname"));
        assertEquals(List.of(0, 0, 0), json.getList("errcodes"));
        assertTrue(json.getString("url").endsWith("/api/v1/jobs/" + pgid), json.getString("url"));
        // the job is known as soon as the spawn is answered
        given().get("/api/v1/jobs/" + pgid).then().statusCode(200);
    }

    /**
     * The gateway answers once the agents' ProcStarted records cover every rank, without the scheduler's
     * SpawnCompleted (one Kafka passage later), whichever topic it reads first.
     */
    @Test
    void answersFromTheRanksProcStartedWithoutWaitingForSpawnCompleted() throws Exception {
        String mark = UUID.randomUUID().toString();
        CompletableFuture<Response> post = post("", body(mark));
        SpawnRequested request = awaitRequest(mark);
        long pgid = TestEvents.uniquePgid();
        // a rank's ProcStarted may be read before the job's JobAccepted (two topics, two consumers)
        TopicReader.publish(TestEvents.bootstrap(), new ProcStarted(TestEvents.meta(), pgid, 1, "n1", 4201));
        TopicReader.publish(TestEvents.bootstrap(), accepted(request, pgid), placedOnN1(pgid));
        given().get("/api/v1/jobs/" + pgid).then().statusCode(200);
        assertFalse(post.isDone(), "rank 0 has not started: no answer yet");

        TopicReader.publish(TestEvents.bootstrap(), new ProcStarted(TestEvents.meta(), pgid, 0, "n1", 4200));
        Response response = answer(post);
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals(pgid, response.jsonPath().getLong("pgid"));
        assertEquals("kvs_kpm_" + pgid, response.jsonPath().getString("kvsname"));
        assertEquals(List.of(0, 0), response.jsonPath().getList("errcodes"));
    }

    /** A rank that failed to launch is never "every rank started": the scheduler's SpawnFailed answers. */
    @Test
    void aRankThatFailedToLaunchLeavesTheAnswerToTheScheduler() throws Exception {
        String mark = UUID.randomUUID().toString();
        CompletableFuture<Response> post = post("", body(mark));
        SpawnRequested request = awaitRequest(mark);
        long pgid = TestEvents.uniquePgid();
        TopicReader.publish(TestEvents.bootstrap(), accepted(request, pgid), placedOnN1(pgid),
                new ProcLaunchFailed(TestEvents.meta(), pgid, 1, "n1", LaunchFailure.NOT_FOUND, "no such file: hostname"));
        TopicReader.publish(TestEvents.bootstrap(), new ProcStarted(TestEvents.meta(), pgid, 0, "n1", 4300));
        given().get("/api/v1/jobs/" + pgid).then().statusCode(200);
        assertFalse(post.isDone(), "one rank failed: not answered as started");

        TopicReader.publish(TestEvents.bootstrap(), new SpawnFailed(TestEvents.meta(), request.requestId(), pgid,
                "rank 1 failed to launch", 500, List.of(0, 127)));
        Response response = answer(post);
        assertTrue(response.statusCode() >= 400, response.asString());
    }

    @Test
    void waitFalseAnswers202WithTheJobUrlOnceAccepted() throws Exception {
        String mark = UUID.randomUUID().toString();
        CompletableFuture<Response> post = post("?wait=false", body(mark));
        SpawnRequested request = awaitRequest(mark);
        long pgid = TestEvents.uniquePgid();
        TopicReader.publish(TestEvents.bootstrap(), accepted(request, pgid));

        Response response = answer(post);
        assertEquals(202, response.statusCode(), response.asString());
        assertTrue(response.header("Location").endsWith("/api/v1/jobs/" + pgid), response.header("Location"));
        JsonPath json = response.jsonPath();
        assertEquals(pgid, json.getLong("pgid"));
        assertEquals("kvs_kpm_" + pgid, json.getString("kvsname"));
        assertEquals(response.header("Location"), json.getString("url"));
        assertNull(json.get("errcodes"));
    }

    @Test
    void unknownHostIsA404Problem() throws Exception {
        assertRefused(404, "urn:kpm:problem:unknown-host", "unknown host nosuchnode in hosts");
    }

    @Test
    void noLiveNodeIsA503Problem() throws Exception {
        assertRefused(503, "urn:kpm:problem:no-nodes", "no live node to place the job on");
    }

    private void assertRefused(int status, String type, String reason) throws Exception {
        String mark = UUID.randomUUID().toString();
        CompletableFuture<Response> post = post("", body(mark));
        SpawnRequested request = awaitRequest(mark);
        TopicReader.publish(TestEvents.bootstrap(),
                new SpawnFailed(TestEvents.meta(), request.requestId(), null, reason, status, List.of()));

        Response response = answer(post);
        assertEquals(status, response.statusCode(), response.asString());
        assertEquals("application/problem+json", response.contentType());
        JsonPath json = response.jsonPath();
        assertEquals(status, json.getInt("status"));
        assertEquals(type, json.getString("type"));
        assertEquals(reason, json.getString("detail"));
        assertNull(json.get("pgid"));
    }

    @Test
    void launchFailureIsA500ProblemWithPgidAndErrcodes() throws Exception {
        String mark = UUID.randomUUID().toString();
        CompletableFuture<Response> post = post("", body(mark));
        SpawnRequested request = awaitRequest(mark);
        long pgid = TestEvents.uniquePgid();
        TopicReader.publish(TestEvents.bootstrap(), accepted(request, pgid),
                new SpawnFailed(TestEvents.meta(), request.requestId(), pgid,
                        "rank 1 could not be launched: /no/such/file not found", 500, List.of(0, -1)));

        Response response = answer(post);
        assertEquals(500, response.statusCode(), response.asString());
        JsonPath json = response.jsonPath();
        assertEquals("urn:kpm:problem:spawn-failed", json.getString("type"));
        assertTrue(json.getString("detail").contains("/no/such/file not found"));
        assertEquals(pgid, json.getLong("pgid"));
        assertEquals(List.of(0, -1), json.getList("errcodes"));
    }

    @Test
    void anAcceptedJobThatNeverStartsIsA504NamingTheJobNotARequestThatWillNotRun() throws Exception {
        String mark = UUID.randomUUID().toString();
        CompletableFuture<Response> post = post("", body(mark));
        SpawnRequested request = awaitRequest(mark);
        long pgid = TestEvents.uniquePgid();
        TopicReader.publish(TestEvents.bootstrap(), accepted(request, pgid)); // and then the scheduler is gone
        Response response = answer(post);
        assertEquals(504, response.statusCode(), response.asString());
        assertEquals("urn:kpm:problem:start-timeout", response.jsonPath().getString("type"));
        assertEquals(pgid, response.jsonPath().getLong("pgid"));
        assertTrue(response.jsonPath().getString("detail").contains("may still start"));
    }

    @Test
    void noAnswerFromTheSchedulerIsA504Problem() throws Exception {
        Response response = answer(post("", body(UUID.randomUUID().toString())));
        assertEquals(504, response.statusCode(), response.asString());
        assertEquals("urn:kpm:problem:spawn-timeout", response.jsonPath().getString("type"));
        // this test has no scheduler: the answer says so, and that the request will not run later
        String detail = response.jsonPath().getString("detail");
        assertTrue(detail.contains("no scheduler is running"), detail);
        assertTrue(detail.contains("will not run later"), detail);
    }
}
