package io.kpm.cli.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.kpm.cli.http.Json;

class EventTimelineTest {

    private static String event(String json) {
        return json;
    }

    @Test
    void linesShowTimeSinceTheFirstEventTypeAndWhatMatters() throws Exception {
        List<String> events = List.of(
                event("{\"type\":\"JobAccepted\",\"meta\":{\"time\":\"2026-01-01T12:00:00.000Z\"},\"pgid\":7,"
                        + "\"size\":4,\"kvsname\":\"kvs_kpm_7\",\"spawnerPgid\":null,\"apps\":[{\"cmd\":\"./a.out\"}]}"),
                event("{\"type\":\"JobPlaced\",\"meta\":{\"time\":\"2026-01-01T12:00:00.012Z\"},\"pgid\":7,"
                        + "\"nodes\":[\"node-0\",\"node-1\"],\"processMapping\":\"(vector,(0,2,2))\"}"),
                event("{\"type\":\"ProcStarted\",\"meta\":{\"time\":\"2026-01-01T12:00:00.120Z\"},\"pgid\":7,"
                        + "\"rank\":3,\"nodeId\":\"node-1\",\"pid\":4242}"),
                event("{\"type\":\"ProcExited\",\"meta\":{\"time\":\"2026-01-01T12:00:01.5Z\"},\"pgid\":7,"
                        + "\"rank\":3,\"nodeId\":\"node-1\",\"exitCode\":0,\"killed\":false}"),
                event("{\"type\":\"SpawnCompleted\",\"meta\":{\"time\":\"2026-01-01T12:00:01.6Z\"},\"pgid\":7,"
                        + "\"kvsname\":\"kvs_kpm_7\",\"requestId\":\"r1\",\"errcodes\":[0]}"),
                event("{\"type\":\"JobFailed\",\"meta\":{\"time\":\"2026-01-01T12:00:12.345Z\"},\"pgid\":7,"
                        + "\"exitCode\":137,\"failedRank\":2,\"reason\":\"rank 2 \\\"died\\\"\"}"),
                event("{\"type\":\"SomethingNew\",\"meta\":{\"time\":\"2026-01-01T12:00:13Z\"},\"pgid\":7,\"x\":1,"
                        + "\"list\":[1]}"));
        EventTimeline timeline = new EventTimeline();
        List<String> lines = new java.util.ArrayList<>();
        for (String e : events) lines.add(timeline.line(Json.mapper().readTree(e)));

        assertEquals(List.of(
                "+0.000s JobAccepted size=4 kvs=kvs_kpm_7 apps=./a.out",
                "+0.012s JobPlaced nodes=node-0,node-1 mapping=(vector,(0,2,2))",
                "+0.120s ProcStarted rank=3 node=node-1 pid=4242",
                "+1.500s ProcExited rank=3 node=node-1 exit=0",
                "+1.600s SpawnCompleted pgid=7 kvs=kvs_kpm_7 request=r1",
                "+12.345s JobFailed exit=137 rank=2 reason=\"rank 2 \\\"died\\\"\"",
                "+13.000s SomethingNew pgid=7 x=1"), lines);
    }

    @Test
    void aKilledRankSaysSo() throws Exception {
        String line = new EventTimeline().line(Json.mapper().readTree("{\"type\":\"ProcExited\",\"meta\":{\"time\":"
                + "\"2026-01-01T12:00:00Z\"},\"rank\":0,\"nodeId\":\"n\",\"exitCode\":143,\"killed\":true}"));
        assertEquals("+0.000s ProcExited rank=0 node=n exit=143 killed", line);
    }
}
