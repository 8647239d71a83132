package io.kpm.gateway.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kpm.broker.TopicReader;
import io.kpm.broker.KafkaTestResource;
import io.kpm.gateway.TestEvents;
import io.kpm.gateway.TestEvents.SseEvent;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobRunning;
import io.kpm.schemas.events.OutputChunk;
import io.kpm.schemas.events.OutputStream;
import io.kpm.schemas.events.PmiExchange;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.RankExit;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Reading a job's history afterwards: events up to now or from a point, filtered output, the PMI log. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class JobHistoryTest {

    // after the JobAccepted/JobPlaced (stamped now): the replay orders a job's history by event time
    private static final Instant T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(60);

    private static EventMeta metaAt(long millis) {
        EventMeta now = TestEvents.meta();
        return new EventMeta(now.eventId(), T0.plusMillis(millis), now.producer(), now.schemaVersion());
    }

    private static List<SseEvent> stream(String path) {
        String body = given().accept("text/event-stream").when().get(path).then().statusCode(200).extract().asString();
        return TestEvents.parseSse(body);
    }

    private static List<String> types(List<SseEvent> events) {
        return events.stream().map(e -> JsonPath.from(e.data()).getString("type")).toList();
    }

    private static void startRunningJob(long pgid) {
        TopicReader.publish(TestEvents.bootstrap(), JobsResourceTest.accepted(pgid, 2), JobsResourceTest.placed(pgid));
        TopicReader.publish(TestEvents.bootstrap(),
                new ProcStarted(metaAt(100), pgid, 0, "node-a", 100),
                new ProcStarted(metaAt(200), pgid, 1, "node-b", 101),
                new JobRunning(metaAt(300), pgid));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/jobs/" + pgid)
                .then().statusCode(200).body("state", equalTo("RUNNING")));
    }

    @Test
    void eventsWithoutFollowEndAtNowAndFromStartsLater() {
        long pgid = TestEvents.uniquePgid();
        startRunningJob(pgid);
        String events = "/api/v1/jobs/" + pgid + "/events";

        List<SseEvent> all = stream(events + "?follow=false");
        assertEquals(5, all.size(), all.toString());
        assertEquals("ProcStarted", types(all).get(2));

        List<String> fromIndex = types(stream(events + "?follow=false&from=3"));
        assertEquals(types(all).subList(3, 5), fromIndex);

        List<String> fromTime = types(stream(events + "?follow=false&from=" + T0.plusMillis(150)));
        assertEquals(List.of("ProcStarted", "JobRunning"), fromTime);

        given().get(events + "?from=yesterday").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("ISO-8601"));
    }

    @Test
    void outputFiltersKeepOneRankOrOneStream() {
        long pgid = TestEvents.uniquePgid();
        startRunningJob(pgid);
        TopicReader.publish(TestEvents.bootstrap(),
                chunk(pgid, 0, OutputStream.STDOUT, 0, "zero out\n", true),
                chunk(pgid, 1, OutputStream.STDOUT, 0, "one out\n", true),
                chunk(pgid, 1, OutputStream.STDERR, 0, "one err\n", true),
                chunk(pgid, 0, OutputStream.STDERR, 0, "", true),
                new ProcExited(TestEvents.meta(), pgid, 0, "node-a", 0, false),
                new ProcExited(TestEvents.meta(), pgid, 1, "node-b", 0, false),
                new JobFinished(TestEvents.meta(), pgid, 0,
                        List.of(new RankExit(0, "node-a", 0), new RankExit(1, "node-b", 0))));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/jobs/" + pgid)
                .then().statusCode(200).body("state", equalTo("FINISHED")));
        String output = "/api/v1/jobs/" + pgid + "/output";

        assertEquals(List.of("1/STDOUT:one out\n", "1/STDERR:one err\n", "end"), pieces(stream(output + "?rank=1")));
        assertEquals(List.of("1/STDERR:one err\n", "end"), pieces(stream(output + "?stream=stderr")));
        assertEquals(List.of("0/STDOUT:zero out\n", "end"), pieces(stream(output + "?rank=0&stream=STDOUT")));
        given().get(output + "?stream=both").then().statusCode(400);
    }

    @Test
    void pmiLogOfAJobAndOfOneRank() {
        long pgid = TestEvents.uniquePgid();
        startRunningJob(pgid);
        TopicReader.publish(TestEvents.bootstrap(),
                exchange(pgid, 1, "cmd=barrier_in\n", "cmd=barrier_out\n", 50, 900),
                exchange(pgid, 0, "cmd=init pmi_version=1 pmi_subversion=1\n",
                        "cmd=response_to_init pmi_version=1 pmi_subversion=1 rc=0\n", 10, 11),
                exchange(pgid, 0, "cmd=barrier_in\n", "cmd=barrier_out\n", 890, 900));
        String pmi = "/api/v1/jobs/" + pgid + "/pmi";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get(pmi).then().statusCode(200)
                .body("$", hasSize(3)));

        JsonPath all = given().get(pmi).then().extract().jsonPath();
        assertEquals(List.of(0, 1, 0), all.getList("rank"));
        assertEquals("cmd=barrier_in\n", all.getString("[1].request"));
        assertEquals("cmd=barrier_out\n", all.getString("[1].response"));
        assertEquals("pmi-1", all.getString("[1].protocol"));
        assertEquals(T0.plusMillis(50).toString(), all.getString("[1].requestTime"));
        assertEquals(T0.plusMillis(900).toString(), all.getString("[1].responseTime"));

        given().get(pmi + "?rank=0").then().statusCode(200).body("$", hasSize(2)).body("rank", equalTo(List.of(0, 0)));
        given().get("/api/v1/jobs/" + TestEvents.uniquePgid() + "/pmi").then().statusCode(404);
    }

    private static PmiExchange exchange(long pgid, int rank, String request, String response, long at, long until) {
        return new PmiExchange(metaAt(until), pgid, rank, "pmi-1", request, response,
                T0.plusMillis(at), T0.plusMillis(until));
    }

    private static OutputChunk chunk(long pgid, int rank, OutputStream stream, long seq, String text, boolean eof) {
        return new OutputChunk(TestEvents.meta(), pgid, rank, "node-" + rank, stream, seq,
                text.getBytes(StandardCharsets.UTF_8), eof);
    }

    private static List<String> pieces(List<SseEvent> events) {
        return events.stream().map(e -> {
            if (!e.name().equals("output")) return e.name();
            JsonPath json = JsonPath.from(e.data());
            return json.getInt("rank") + "/" + json.getString("stream") + ":"
                    + new String(Base64.getDecoder().decode(json.getString("data")), StandardCharsets.UTF_8);
        }).toList();
    }
}
