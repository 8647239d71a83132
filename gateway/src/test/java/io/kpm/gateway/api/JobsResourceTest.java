package io.kpm.gateway.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.gateway.TestEvents;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.AbortRequested;
import io.kpm.schemas.events.JobAborted;
import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.JobRunning;
import io.kpm.schemas.events.LaunchFailure;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcLaunchFailed;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.RankExit;
import io.kpm.schemas.events.RankPlacement;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Job views from the events on the real broker, and kills. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class JobsResourceTest {

    static final AppSpec APP = new AppSpec("hostname", List.of(), Map.of(), null, null, 2, List.of(), null, Map.of());

    static JobAccepted accepted(long pgid, int size) {
        return new JobAccepted(TestEvents.meta(), pgid, "req-" + pgid, "kvs_kpm_" + pgid, null, size, List.of(APP),
                Map.of(), Map.of(), "127.0.0.1:1");
    }

    static JobPlaced placed(long pgid) {
        return new JobPlaced(TestEvents.meta(), pgid, "kvs_kpm_" + pgid, 2, List.of("node-a", "node-b"),
                List.of(new RankPlacement(0, "node-a", 0, 11), new RankPlacement(1, "node-b", 0, 12)),
                "(vector,(0,2,1))");
    }

    private static void awaitState(long pgid, String state) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/jobs/" + pgid)
                .then().statusCode(200).body("state", equalTo(state)));
    }

    @Test
    void viewFollowsTheJobThroughItsEvents() {
        long pgid = TestEvents.uniquePgid();
        String bootstrap = TestEvents.bootstrap();
        TopicReader.publish(bootstrap, accepted(pgid, 2), placed(pgid));
        awaitState(pgid, "PLACED");
        given().get("/api/v1/jobs/" + pgid).then()
                .body("ranks[1].state", equalTo("PENDING"))
                .body("ranks[1].nodeId", equalTo("node-b"));

        TopicReader.publish(bootstrap,
                new ProcStarted(TestEvents.meta(), pgid, 0, "node-a", 4242),
                new ProcStarted(TestEvents.meta(), pgid, 1, "node-b", 4343),
                new JobRunning(TestEvents.meta(), pgid));
        awaitState(pgid, "RUNNING");

        TopicReader.publish(bootstrap,
                new ProcExited(TestEvents.meta(), pgid, 0, "node-a", 0, false),
                new ProcExited(TestEvents.meta(), pgid, 1, "node-b", 3, false),
                new JobFinished(TestEvents.meta(), pgid, 3,
                        List.of(new RankExit(0, "node-a", 0), new RankExit(1, "node-b", 3))));
        awaitState(pgid, "FINISHED");
        given().get("/api/v1/jobs/" + pgid).then()
                .body("pgid", equalTo((int) pgid))
                .body("kvsname", equalTo("kvs_kpm_" + pgid))
                .body("requestId", equalTo("req-" + pgid))
                .body("spawnerPgid", nullValue())
                .body("size", equalTo(2))
                .body("nodes", equalTo(List.of("node-a", "node-b")))
                .body("exitCode", equalTo(3))
                .body("reason", nullValue())
                .body("acceptedAt", matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z"))
                .body("endedAt", notNullValue())
                .body("ranks[0].rank", equalTo(0))
                .body("ranks[0].nodeId", equalTo("node-a"))
                .body("ranks[0].appnum", equalTo(0))
                .body("ranks[0].pid", equalTo(4242))
                .body("ranks[0].state", equalTo("EXITED"))
                .body("ranks[0].exitCode", equalTo(0))
                .body("ranks[1].pid", equalTo(4343))
                .body("ranks[1].exitCode", equalTo(3));
        given().get("/api/v1/jobs").then().statusCode(200).body("pgid", hasItem((int) pgid));
    }

    static JobAccepted spawnedBy(long spawner, long pgid) {
        return new JobAccepted(TestEvents.meta(), pgid, "req-" + pgid, "kvs_kpm_" + pgid, spawner, 1, List.of(APP),
                Map.of(), Map.of(), "127.0.0.1:1");
    }

    @Test
    void familyIsTheJobThenEveryGroupSpawnedFromItSpawnersFirst() {
        long root = TestEvents.uniquePgid();
        long child = root + 1;
        long other = root + 2;
        long grandchild = root + 3;
        long stranger = root + 4;
        // the grandchild is accepted before its spawner's own JobAccepted is read: the family does not care
        TopicReader.publish(TestEvents.bootstrap(), accepted(root, 2), spawnedBy(child, grandchild),
                spawnedBy(root, child), spawnedBy(root, other), accepted(stranger, 1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/jobs/" + root + "/family")
                .then().statusCode(200)
                .body("pgid", equalTo(List.of((int) root, (int) child, (int) other, (int) grandchild)))
                .body("spawnerPgid", equalTo(java.util.Arrays.asList(null, (int) root, (int) root, (int) child))));
        given().get("/api/v1/jobs/" + child + "/family").then().statusCode(200)
                .body("pgid", equalTo(List.of((int) child, (int) grandchild)));
        given().get("/api/v1/jobs/" + stranger + "/family").then().statusCode(200)
                .body("pgid", equalTo(List.of((int) stranger)));
        given().get("/api/v1/jobs/987654321987/family").then().statusCode(404)
                .body("detail", equalTo("no job with pgid 987654321987"));
    }

    @Test
    void launchFailureShowsTheAgentsMessage() {
        long pgid = TestEvents.uniquePgid();
        // the process event first: topics are read concurrently, the view must not depend on their order
        TopicReader.publish(TestEvents.bootstrap(),
                new ProcLaunchFailed(TestEvents.meta(), pgid, 1, "node-b", LaunchFailure.NOT_FOUND,
                        "/no/such/file: no such file"));
        TopicReader.publish(TestEvents.bootstrap(), accepted(pgid, 2), placed(pgid));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/jobs/" + pgid)
                .then().statusCode(200)
                .body("ranks[1].state", equalTo("LAUNCH_FAILED"))
                .body("ranks[1].message", equalTo("/no/such/file: no such file"))
                .body("ranks[0].state", equalTo("PENDING")));
    }

    @Test
    void unknownJobIsA404Problem() {
        given().get("/api/v1/jobs/987654321987").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"))
                .body("detail", equalTo("no job with pgid 987654321987"));
        given().delete("/api/v1/jobs/987654321987").then().statusCode(404)
                .body("detail", equalTo("no job with pgid 987654321987"));
        given().get("/api/v1/jobs/not-a-number").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("pgid must be a number, got \"not-a-number\""));
    }

    @Test
    void deletePublishesAnAbortRequest() {
        long pgid = TestEvents.uniquePgid();
        TopicReader.publish(TestEvents.bootstrap(), accepted(pgid, 2), placed(pgid));
        awaitState(pgid, "PLACED");

        given().delete("/api/v1/jobs/" + pgid).then().statusCode(202)
                .body("pgid", equalTo((int) pgid))
                .body("state", equalTo("PLACED"));
        AbortRequested abort = TopicReader.await(TestEvents.bootstrap(), Topics.SPAWN_REQUESTS, AbortRequested.class,
                a -> a.pgid() == pgid, Duration.ofSeconds(20));
        assertEquals("killed by user", abort.reason());
        assertEquals("gateway", abort.meta().producer().service());
    }

    @Test
    void deleteOfAnEndedJobAnswers200() {
        long pgid = TestEvents.uniquePgid();
        TopicReader.publish(TestEvents.bootstrap(), accepted(pgid, 2), placed(pgid),
                new JobAborted(TestEvents.meta(), pgid, "killed by user", 143));
        awaitState(pgid, "ABORTED");
        given().delete("/api/v1/jobs/" + pgid).then().statusCode(200)
                .body("state", equalTo("ABORTED"))
                .body("reason", equalTo("killed by user"))
                .body("exitCode", equalTo(143));
    }
}
