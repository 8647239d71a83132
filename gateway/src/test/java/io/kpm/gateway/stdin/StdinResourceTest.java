package io.kpm.gateway.stdin;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.gateway.TestEvents;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.RankPlacement;
import io.kpm.schemas.events.StdinChunk;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code POST /api/v1/jobs/{pgid}/stdin} on the real broker: what it publishes, and what it refuses. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class StdinResourceTest {

    static final AppSpec APP = new AppSpec("cat", List.of(), Map.of(), null, null, 2, List.of(), null, Map.of());

    static void job(long pgid, Map<String, String> jobInfo) {
        TopicReader.publish(TestEvents.bootstrap(),
                new JobAccepted(TestEvents.meta(), pgid, "req-" + pgid, "kvs_kpm_" + pgid, null, 2, List.of(APP),
                        Map.of(), jobInfo, "127.0.0.1:1"),
                new JobPlaced(TestEvents.meta(), pgid, "kvs_kpm_" + pgid, 2, List.of("node-a", "node-b"),
                        List.of(new RankPlacement(0, "node-a", 0, 11), new RankPlacement(1, "node-b", 0, 12)),
                        "(vector,(0,2,1))"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/jobs/" + pgid)
                .then().statusCode(200).body("state", equalTo("PLACED")));
    }

    static io.restassured.response.ValidatableResponse post(long pgid, String query, byte[] body) {
        return given().contentType("application/octet-stream").body(body)
                .post("/api/v1/jobs/" + pgid + "/stdin" + query).then();
    }

    @Test
    void chunksGoToTheNodeOfTheStdinRankInOrderThenEof() {
        long pgid = TestEvents.uniquePgid();
        job(pgid, Map.of("stdin", "1"));
        post(pgid, "?seq=0", "early".getBytes()).statusCode(503).body("detail", containsString("has not started yet"));

        TopicReader.publish(TestEvents.bootstrap(), new ProcStarted(TestEvents.meta(), pgid, 1, "node-b", 4343));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/jobs/" + pgid)
                .then().body("ranks[1].state", equalTo("STARTED")));
        byte[] binary = new byte[StdinResource.MAX_CHUNK];
        for (int i = 0; i < binary.length; i++) binary[i] = (byte) i;
        post(pgid, "?seq=0", binary).statusCode(204);
        post(pgid, "?seq=1&eof=true", new byte[0]).statusCode(204);

        List<StdinChunk> chunks = List.of(
                TopicReader.await(TestEvents.bootstrap(), Topics.PROC_INPUT, StdinChunk.class,
                        c -> c.pgid() == pgid && c.seq() == 0, Duration.ofSeconds(20)),
                TopicReader.await(TestEvents.bootstrap(), Topics.PROC_INPUT, StdinChunk.class,
                        c -> c.pgid() == pgid && c.seq() == 1, Duration.ofSeconds(20)));
        assertEquals(List.of("node-b", "node-b"), chunks.stream().map(StdinChunk::nodeId).toList());
        assertEquals(List.of(1, 1), chunks.stream().map(StdinChunk::rank).toList());
        assertArrayEquals(binary, chunks.get(0).data(), "binary-safe");
        assertEquals(List.of(false, true), chunks.stream().map(StdinChunk::eof).toList());

        TopicReader.publish(TestEvents.bootstrap(), new ProcExited(TestEvents.meta(), pgid, 1, "node-b", 0, false));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> post(pgid, "?seq=2", "late".getBytes())
                .statusCode(409).body("detail", equalTo("rank 1 of job " + pgid + " has exited: nobody reads its stdin")));
    }

    @Test
    void badChunksAndJobsWithoutStdinAreRefusedWithAReason() {
        long pgid = TestEvents.uniquePgid();
        job(pgid, Map.of());
        TopicReader.publish(TestEvents.bootstrap(), new ProcStarted(TestEvents.meta(), pgid, 0, "node-a", 4242));
        post(pgid, "?seq=0", "x".getBytes()).statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("was not started with its stdin forwarded"));
        post(pgid, "?seq=0", new byte[StdinResource.MAX_CHUNK + 1]).statusCode(413)
                .body("detail", containsString("at most 65536 bytes"));
        post(pgid, "", "x".getBytes()).statusCode(400).body("detail", containsString("seq must be"));
        post(pgid, "?seq=-1", "x".getBytes()).statusCode(400);
        post(987654321987L, "?seq=0", "x".getBytes()).statusCode(404);
        given().header("Authorization", "Bearer wrong").contentType("application/octet-stream").body("x".getBytes())
                .post("/api/v1/jobs/" + pgid + "/stdin?seq=0").then().statusCode(401);
        assertTrue(Topics.find(Topics.PROC_INPUT).isPresent());
    }
}
