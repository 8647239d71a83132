package io.kpm.gateway.signal;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.gateway.TestEvents;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.JobAborted;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.RankPlacement;
import io.kpm.schemas.events.SignalRequested;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code POST /api/v1/jobs/{pgid}/signal} on the real broker: one event per node that runs a rank, and refusals. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class SignalResourceTest {

    static final AppSpec APP = new AppSpec("sleep", List.of("9"), Map.of(), null, null, 3, List.of(), null, Map.of());

    @Test
    void aSignalGoesToEachNodeWithARunningRankOfTheJob() {
        long pgid = TestEvents.uniquePgid();
        TopicReader.publish(TestEvents.bootstrap(),
                new JobAccepted(TestEvents.meta(), pgid, "req-" + pgid, "kvs_kpm_" + pgid, null, 3, List.of(APP),
                        Map.of(), Map.of(), "127.0.0.1:1"),
                new JobPlaced(TestEvents.meta(), pgid, "kvs_kpm_" + pgid, 3, List.of("node-a", "node-b", "node-c"),
                        List.of(new RankPlacement(0, "node-a", 0, 11), new RankPlacement(1, "node-b", 0, 12),
                                new RankPlacement(2, "node-c", 0, 13)), "(vector,(0,3,1))"),
                new ProcStarted(TestEvents.meta(), pgid, 0, "node-a", 1),
                new ProcStarted(TestEvents.meta(), pgid, 1, "node-b", 2),
                new ProcStarted(TestEvents.meta(), pgid, 2, "node-c", 3),
                new ProcExited(TestEvents.meta(), pgid, 2, "node-c", 0, false));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/jobs/" + pgid)
                .then().body("ranks[2].state", equalTo("EXITED")));

        given().contentType("application/json").body("{\"signal\":\"SIGUSR2\"}").post("/api/v1/jobs/" + pgid + "/signal")
                .then().statusCode(202).body("signal", equalTo("USR2")).body("nodes", equalTo(List.of("node-a", "node-b")));
        SignalRequested onB = TopicReader.await(TestEvents.bootstrap(), Topics.LAUNCH, SignalRequested.class,
                s -> s.pgid() == pgid && s.nodeId().equals("node-b"), Duration.ofSeconds(20));
        assertEquals("USR2", onB.signal());

        given().contentType("application/json").body("{\"signal\":\"KILL\"}").post("/api/v1/jobs/" + pgid + "/signal")
                .then().statusCode(400).body("detail", containsString("signal must be one of HUP"));
        given().contentType("application/json").body("{}").post("/api/v1/jobs/" + pgid + "/signal")
                .then().statusCode(400);
        given().contentType("application/json").body("{\"signal\":\"USR1\"}").post("/api/v1/jobs/987654321987/signal")
                .then().statusCode(404);

        TopicReader.publish(TestEvents.bootstrap(), new JobAborted(TestEvents.meta(), pgid, "killed by user", 143));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().contentType("application/json")
                .body("{\"signal\":\"USR1\"}").post("/api/v1/jobs/" + pgid + "/signal").then().statusCode(409));
    }
}
