package io.kpm.gateway.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.gateway.TestEvents;
import io.kpm.gateway.TestEvents.SseEvent;
import io.kpm.schemas.events.JobFailed;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobRunning;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.AbortRequested;
import io.kpm.schemas.events.SpawnRequested;
import io.kpm.schemas.events.OutputChunk;
import io.kpm.schemas.events.OutputStream;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.RankExit;
import io.kpm.schemas.events.SpawnCompleted;
import io.kpm.schemas.serde.EventJson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The events and output streams of a job, replayed and live, and that they end. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class JobStreamsTest {

    private static CompletableFuture<Response> openStream(long pgid, String which) {
        return CompletableFuture.supplyAsync(() -> given().accept("text/event-stream")
                .when().get("/api/v1/jobs/" + pgid + "/" + which)
                .then().extract().response());
    }

    private static List<SseEvent> read(CompletableFuture<Response> stream) throws Exception {
        Response response = stream.get(30, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("text/event-stream"), response.contentType());
        return TestEvents.parseSse(response.asString());
    }

    private static void awaitKnown(long pgid) {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().get("/api/v1/jobs/" + pgid).then().statusCode(200));
    }

    private static OutputChunk chunk(long pgid, int rank, OutputStream stream, long seq, String text, boolean eof) {
        return new OutputChunk(TestEvents.meta(), pgid, rank, "node-" + rank, stream, seq,
                text.getBytes(StandardCharsets.UTF_8), eof);
    }

    /** Two ranks' interleaved output, each stream ending with an EOF chunk, then the job's end. */
    private static List<KpmEvent> twoRankRun(long pgid) {
        return List.of(
                new ProcStarted(TestEvents.meta(), pgid, 0, "node-a", 100),
                new ProcStarted(TestEvents.meta(), pgid, 1, "node-b", 101),
                new JobRunning(TestEvents.meta(), pgid),
                chunk(pgid, 0, OutputStream.STDOUT, 0, "hello ", false),
                chunk(pgid, 1, OutputStream.STDOUT, 0, "one\n", false),
                chunk(pgid, 0, OutputStream.STDOUT, 1, "from zero\n", false),
                chunk(pgid, 1, OutputStream.STDERR, 0, "warning\n", false),
                chunk(pgid, 1, OutputStream.STDOUT, 1, "two\n", true),
                chunk(pgid, 0, OutputStream.STDOUT, 2, "", true),
                chunk(pgid, 0, OutputStream.STDERR, 0, "", true),
                chunk(pgid, 1, OutputStream.STDERR, 1, "", true),
                new ProcExited(TestEvents.meta(), pgid, 0, "node-a", 0, false),
                new ProcExited(TestEvents.meta(), pgid, 1, "node-b", 0, false),
                new JobFinished(TestEvents.meta(), pgid, 0,
                        List.of(new RankExit(0, "node-a", 0), new RankExit(1, "node-b", 0))));
    }

    private static void assertTwoRankOutput(List<SseEvent> events) {
        List<String> pieces = new ArrayList<>();
        Map<String, StringBuilder> perStream = new HashMap<>();
        for (SseEvent e : events.subList(0, events.size() - 1)) {
            assertEquals("output", e.name(), e.toString());
            JsonPath json = JsonPath.from(e.data());
            String text = new String(Base64.getDecoder().decode(json.getString("data")), StandardCharsets.UTF_8);
            String key = json.getInt("rank") + "/" + json.getString("stream");
            pieces.add(key + ":" + text);
            perStream.computeIfAbsent(key, k -> new StringBuilder()).append(text);
        }
        assertEquals(List.of("0/STDOUT:hello ", "1/STDOUT:one\n", "0/STDOUT:from zero\n", "1/STDERR:warning\n",
                "1/STDOUT:two\n"), pieces, "every byte, in the order written");
        assertEquals("hello from zero\n", perStream.get("0/STDOUT").toString());
        assertEquals("one\ntwo\n", perStream.get("1/STDOUT").toString());

        SseEvent end = events.get(events.size() - 1);
        assertEquals("end", end.name());
        JsonPath view = JsonPath.from(end.data());
        assertEquals("FINISHED", view.getString("state"));
        assertEquals(0, view.getInt("exitCode"));
    }

    @Test
    void outputOfAnEndedJobIsReplayedThenEnds() throws Exception {
        long pgid = TestEvents.uniquePgid();
        TopicReader.publish(TestEvents.bootstrap(), JobsResourceTest.accepted(pgid, 2),
                JobsResourceTest.placed(pgid));
        TopicReader.publish(TestEvents.bootstrap(), twoRankRun(pgid));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/jobs/" + pgid)
                .then().statusCode(200).body("state", equalTo("FINISHED")));

        assertTwoRankOutput(read(openStream(pgid, "output")));
    }

    @Test
    void outputIsStreamedLiveAndEndsWhenEveryRankReachedEof() throws Exception {
        long pgid = TestEvents.uniquePgid();
        TopicReader.publish(TestEvents.bootstrap(), JobsResourceTest.accepted(pgid, 2),
                JobsResourceTest.placed(pgid));
        awaitKnown(pgid);
        CompletableFuture<Response> stream = openStream(pgid, "output");
        Thread.sleep(300);
        assertFalse(stream.isDone(), "the stream stays open while the job runs");
        TopicReader.publish(TestEvents.bootstrap(), twoRankRun(pgid));

        assertTwoRankOutput(read(stream));
    }

    @Test
    void aRankStreamTruncatedByItsAgentIsMarkedWithRankStreamBytesAndSetting() throws Exception {
        long pgid = TestEvents.uniquePgid();
        TopicReader.publish(TestEvents.bootstrap(), JobsResourceTest.accepted(pgid, 2),
                JobsResourceTest.placed(pgid),
                new ProcStarted(TestEvents.meta(), pgid, 0, "node-a", 100),
                new ProcStarted(TestEvents.meta(), pgid, 1, "node-b", 101),
                chunk(pgid, 0, OutputStream.STDOUT, 0, "kept", false),
                new OutputChunk(TestEvents.meta(), pgid, 0, "node-a", OutputStream.STDOUT, 1, new byte[0], true,
                        true, 4, 2048),
                chunk(pgid, 0, OutputStream.STDERR, 0, "", true),
                chunk(pgid, 1, OutputStream.STDOUT, 0, "", true),
                chunk(pgid, 1, OutputStream.STDERR, 0, "", true),
                new ProcExited(TestEvents.meta(), pgid, 0, "node-a", 0, false),
                new ProcExited(TestEvents.meta(), pgid, 1, "node-b", 0, false),
                new JobFinished(TestEvents.meta(), pgid, 0,
                        List.of(new RankExit(0, "node-a", 0), new RankExit(1, "node-b", 0))));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/jobs/" + pgid)
                .then().statusCode(200).body("state", equalTo("FINISHED")));

        List<SseEvent> events = read(openStream(pgid, "output"));
        assertEquals(List.of("output", "truncated", "end"), events.stream().map(SseEvent::name).toList());
        JsonPath mark = JsonPath.from(events.get(1).data());
        assertEquals(0, mark.getInt("rank"));
        assertEquals("STDOUT", mark.getString("stream"));
        assertEquals(4, mark.getLong("capBytes"));
        assertEquals(2048, mark.getLong("droppedBytes"));
        assertEquals("kpm.agent.output-cap", mark.getString("setting"));
        assertEquals("rank 0 stdout of job " + pgid + " truncated by kpm.agent.output-cap on node node-a: kept the "
                + "first 4 bytes, dropped 2048 bytes (2.0 KiB)", mark.getString("message"));

        List<String> otherRank = read(openStream(pgid, "output?rank=1")).stream().map(SseEvent::name).toList();
        assertEquals(List.of("end"), otherRank, "the mark belongs to rank 0's stdout");
        List<String> stderrOnly = read(openStream(pgid, "output?stream=stderr")).stream().map(SseEvent::name).toList();
        assertEquals(List.of("end"), stderrOnly);
    }

    @Test
    void byteCountsReadExactlyAndWithAUnit() {
        assertEquals("2048 bytes (2.0 KiB)", JobStreamsResource.bytes(2048));
        assertEquals("1 byte", JobStreamsResource.bytes(1));
        assertEquals("67108864 bytes (64.0 MiB)", JobStreamsResource.bytes(64L << 20));
    }

    @Test
    void outputEndsAfterTheGraceWhenARankNeverReachesEof() throws Exception {
        long pgid = TestEvents.uniquePgid();
        TopicReader.publish(TestEvents.bootstrap(), JobsResourceTest.accepted(pgid, 2),
                JobsResourceTest.placed(pgid),
                new ProcStarted(TestEvents.meta(), pgid, 0, "node-a", 100),
                new ProcStarted(TestEvents.meta(), pgid, 1, "node-b", 101),
                chunk(pgid, 0, OutputStream.STDOUT, 0, "partial", true),
                new JobFailed(TestEvents.meta(), pgid, "launch deadline passed", null, 1));
        awaitKnown(pgid);

        List<SseEvent> events = read(openStream(pgid, "output"));
        assertEquals(List.of("output", "end"), events.stream().map(SseEvent::name).toList());
        assertEquals("FAILED", JsonPath.from(events.get(1).data()).getString("state"));
        assertEquals("launch deadline passed", JsonPath.from(events.get(1).data()).getString("reason"));
    }

    @Test
    void eventsAreStreamedAsKpmJsonAndEndAfterJobFinished() throws Exception {
        long pgid = TestEvents.uniquePgid();
        TopicReader.publish(TestEvents.bootstrap(), JobsResourceTest.accepted(pgid, 2),
                JobsResourceTest.placed(pgid));
        awaitKnown(pgid);
        CompletableFuture<Response> stream = openStream(pgid, "events");
        List<KpmEvent> rest = new ArrayList<>(twoRankRun(pgid));
        rest.add(3, new SpawnCompleted(TestEvents.meta(), "req-" + pgid, pgid, "kvs_kpm_" + pgid, List.of(0, 0)));
        TopicReader.publish(TestEvents.bootstrap(), rest);

        List<SseEvent> sse = read(stream);
        List<KpmEvent> events = sse.stream().map(e -> EventJson.fromJson(e.data())).toList();
        List<String> types = events.stream().map(KpmEvent::typeName).toList();
        assertEquals(List.of("JobAccepted", "JobPlaced"), types.subList(0, 2), "replayed from the first");
        assertFalse(sse.get(1).data().contains("pmiId"), "a rank's PMI_ID is its credential: " + sse.get(1).data());
        // live events come in arrival order, and kpm.jobs and kpm.proc.events are read by two consumers: the
        // JobFinished may overtake the last ProcExited; the stream still ends only once both are there
        assertEquals(1, types.stream().filter("JobFinished"::equals).count(), String.valueOf(types));
        assertEquals(2, types.stream().filter("ProcExited"::equals).count(), String.valueOf(types));
        for (String t : List.of("ProcStarted", "JobRunning", "SpawnCompleted")) {
            assertTrue(types.contains(t), t + " missing from " + types);
        }
        assertFalse(types.contains("OutputChunk"), "output is not part of the events stream");
        assertEquals(sse.get(0).id(), events.get(0).meta().eventId());
    }

    @Test
    void aRanksSpawnRequestIsInTheEventLogOfTheSpawnerAndOfTheJobItMade() throws Exception {
        long parent = TestEvents.uniquePgid();
        long child = TestEvents.uniquePgid();
        String requestId = "spawn-" + child;
        // made in time order (a replay is sorted by event time), a millisecond apart
        JobAccepted parentAccepted = JobsResourceTest.accepted(parent, 2);
        Thread.sleep(2);
        SpawnRequested request = new SpawnRequested(TestEvents.meta(), requestId, parent, 1,
                List.of(JobsResourceTest.APP), Map.of(), Map.of(), "127.0.0.1:1");
        Thread.sleep(2);
        JobAccepted childAccepted = new JobAccepted(TestEvents.meta(), child, requestId, "kvs_kpm_" + child, parent,
                1, List.of(JobsResourceTest.APP), Map.of(), Map.of(), "127.0.0.1:1");
        Thread.sleep(2);
        AbortRequested abort = new AbortRequested(TestEvents.meta(), "abort-" + parent, parent, "killed by user", null);
        // the child's JobAccepted is read before the request (another topic): the link is made either way
        TopicReader.publish(TestEvents.bootstrap(), parentAccepted, childAccepted);
        awaitKnown(child);
        TopicReader.publish(TestEvents.bootstrap(), request, abort);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertEquals(List.of("JobAccepted", "SpawnRequested", "AbortRequested"), eventTypesNow(parent));
            assertEquals(List.of("SpawnRequested", "JobAccepted"), eventTypesNow(child));
        });
    }

    private static List<String> eventTypesNow(long pgid) {
        String body = given().accept("text/event-stream").when().get("/api/v1/jobs/" + pgid + "/events?follow=false")
                .then().statusCode(200).extract().asString();
        return TestEvents.parseSse(body).stream().map(e -> EventJson.fromJson(e.data()).typeName()).toList();
    }

    @Test
    void headersArriveBeforeTheFirstOutput() throws Exception {
        long pgid = TestEvents.uniquePgid();
        TopicReader.publish(TestEvents.bootstrap(), JobsResourceTest.accepted(pgid, 2),
                JobsResourceTest.placed(pgid));
        awaitKnown(pgid);
        HttpClient client = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(
                URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + "/api/v1/jobs/" + pgid + "/output"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + io.kpm.gateway.support.StackToken.TOKEN).build();
        var response = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .get(5, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        response.body().close();
    }

    @Test
    void streamsOfAnUnknownJobAre404Problems() {
        given().accept("text/event-stream").get("/api/v1/jobs/987654321986/output").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("no job with pgid 987654321986"));
        given().accept("text/event-stream").get("/api/v1/jobs/987654321986/events").then().statusCode(404);
    }
}
