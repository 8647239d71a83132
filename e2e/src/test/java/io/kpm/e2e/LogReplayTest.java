package io.kpm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.kpm.broker.TopicReader;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.Producer;
import io.kpm.schemas.events.RankPlacement;
import io.kpm.schemas.events.SpawnRequested;

/**
 * The log as the record of everything: on a stack of three simulated nodes, the scheduler and the gateway are
 * killed in the middle of running jobs and restarted without losing a job or an event; then `kpm replay`
 * rebuilds every job and `kpm replay --check` re-makes every decision of more than fifty jobs without a
 * difference, until one recorded decision is forged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogReplayTest {

    private Path work;
    private Path stateDir;
    private String gatewayUrl;
    private String bootstrap;
    private String pmiEndpoint;
    private GatewayApi api;

    @BeforeAll
    void up() throws Exception {
        Path target = Kpm.repoRoot().resolve("e2e/target");
        work = Files.createDirectories(target.resolve("e2e-work"));
        stateDir = target.resolve("e2e-replay-stack-" + System.nanoTime());
        int basePort = Kpm.freeBasePort();
        gatewayUrl = "http://127.0.0.1:" + (basePort + 2);
        bootstrap = "127.0.0.1:" + basePort;
        pmiEndpoint = "127.0.0.1:" + (basePort + 3);
        api = new GatewayApi(gatewayUrl);
        Kpm.Result up = Kpm.run(work, Duration.ofMinutes(4), upArgs(basePort));
        assertEquals(0, up.exitCode(), up.toString());
    }

    private String[] upArgs(int basePort) {
        return new String[] {"up", "--nodes", "3", "--cores", "2", "--base-port", Integer.toString(basePort),
                "--state-dir", stateDir.toString()};
    }

    @AfterAll
    void down() throws Exception {
        Kpm.Result down = Kpm.run(work, Duration.ofMinutes(2), "down", "--state-dir", stateDir.toString());
        assertEquals(0, down.exitCode(), down.toString());
    }

    @Test
    @Order(1)
    void killingSchedulerAndGatewayMidJobLosesNoJobAndNoEvent() throws Exception {
        // job A ends while both services are down; job B outlives their restart; request C arrives while the
        // scheduler is down
        long a = spawn("""
                {"apps":[{"cmd":"sh","argv":["-c","echo start $PMI_RANK; sleep 2; echo end $PMI_RANK; exit $PMI_RANK"],
                "maxprocs":4}]}""");
        long b = spawn("""
                {"apps":[{"cmd":"sh","argv":["-c","echo start $PMI_RANK; sleep 25; echo end $PMI_RANK"],"maxprocs":2,
                "info":{"hosts":"node-2"}}]}""");
        api.awaitJobState(a, "RUNNING", Duration.ofSeconds(30));
        api.awaitJobState(b, "RUNNING", Duration.ofSeconds(30));

        long scheduler = pidOf("scheduler");
        long gateway = pidOf("gateway");
        ProcessHandle.of(scheduler).orElseThrow().destroyForcibly();
        ProcessHandle.of(gateway).orElseThrow().destroyForcibly();
        Kpm.awaitDead(scheduler, Duration.ofSeconds(20));
        Kpm.awaitDead(gateway, Duration.ofSeconds(20));

        // A's ranks exit now, with nobody to hear it but Kafka
        awaitExits(a, 4, Duration.ofSeconds(30));
        String requestC = UUID.randomUUID().toString();
        TopicReader.publish(bootstrap, new SpawnRequested(meta(), requestC, null, null,
                List.of(new AppSpec("sh", List.of("-c", "echo C; exit 6"), Map.of(), null, null, 3, List.of(), null,
                        Map.of())), Map.of(), Map.of(), pmiEndpoint));

        Kpm.Result again = Kpm.run(work, Duration.ofMinutes(3), upArgs(Integer.parseInt(bootstrap.split(":")[1])));
        assertEquals(0, again.exitCode(), again.toString());
        assertNotEquals(scheduler, pidOf("scheduler"));
        assertNotEquals(gateway, pidOf("gateway"));

        JsonNode jobA = api.awaitJobState(a, "FINISHED", Duration.ofSeconds(60));
        assertEquals(3, jobA.get("exitCode").asInt(), "the largest rank exit code of A: " + jobA);
        long c = TopicReader.await(bootstrap, Topics.JOBS, JobAccepted.class, j -> requestC.equals(j.requestId()),
                Duration.ofSeconds(60)).pgid();
        assertEquals(b + 1, c, "the request made while the scheduler was down gets the next pgid");
        assertEquals(6, api.awaitJobState(c, "FINISHED", Duration.ofSeconds(60)).get("exitCode").asInt());
        assertEquals(0, api.awaitJobState(b, "FINISHED", Duration.ofSeconds(60)).get("exitCode").asInt());

        for (long pgid : List.of(a, b, c)) {
            List<String> types = TopicReader.readAll(bootstrap, Topics.JOBS).stream()
                    .filter(e -> e.kafkaKey().equals(Long.toString(pgid))).map(KpmEvent::typeName).toList();
            assertEquals(List.of("JobAccepted", "JobPlaced", "JobRunning", "JobFinished"), types,
                    "job " + pgid + " has each of its job events once");
        }
        // the restarted gateway serves the whole history: every event of A and all of A's output
        Kpm.Result events = Kpm.run(work, Duration.ofSeconds(60), "events", "--gateway", gatewayUrl,
                Long.toString(a));
        assertEquals(0, events.exitCode(), events.toString());
        assertEquals(4, count(events.stdout(), "ProcStarted"), events.stdout());
        assertEquals(4, count(events.stdout(), "ProcExited"), events.stdout());
        assertEquals(1, count(events.stdout(), "JobFinished"), events.stdout());
        Kpm.Result output = Kpm.run(work, Duration.ofSeconds(60), "output", "--gateway", gatewayUrl, Long.toString(a));
        assertEquals(0, output.exitCode(), output.toString());
        for (int rank = 0; rank < 4; rank++) {
            assertTrue(output.stdout().contains("start " + rank + "\n"), output.stdout());
            assertTrue(output.stdout().contains("end " + rank + "\n"), output.stdout());
        }
        Kpm.Result outputB = Kpm.run(work, Duration.ofSeconds(60), "output", "--gateway", gatewayUrl, Long.toString(b));
        assertEquals("start 0\nend 0\nstart 1\nend 1\n", outputB.stdout(), outputB.toString());
    }

    @Test
    @Order(2)
    void replayRebuildsFiftyJobsAndItsCheckFindsNoDifference() throws Exception {
        List<String> shapes = List.of(
                "{\"apps\":[{\"cmd\":\"true\",\"maxprocs\":%d}]}",
                "{\"apps\":[{\"cmd\":\"true\",\"maxprocs\":%d,\"info\":{\"hosts\":\"node-2,node-0\"}}]}",
                "{\"apps\":[{\"cmd\":\"true\",\"maxprocs\":%d,\"info\":{\"ppn\":1}},{\"cmd\":\"sh\",\"argv\":[\"-c\",\"exit 2\"],"
                        + "\"maxprocs\":2,\"info\":{\"hosts\":\"node-1\"}}]}",
                "{\"apps\":[{\"cmd\":\"sh\",\"argv\":[\"-c\",\"exit $PMI_RANK\"],\"maxprocs\":%d,\"info\":{\"ppn\":3}}]}");
        List<Long> pgids = new ArrayList<>();
        for (int i = 0; i < 52; i++) {
            pgids.add(spawn(String.format(shapes.get(i % shapes.size()), 1 + i % 7)));
        }
        GatewayApi.Response refused = api.post("/api/v1/spawn", """
                {"apps":[{"cmd":"true","maxprocs":1,"info":{"hosts":"no-such-node"}}]}""");
        assertEquals(404, refused.status(), String.valueOf(refused.body()));
        Map<Long, JsonNode> views = new HashMap<>();
        for (long pgid : pgids) views.put(pgid, api.awaitJobState(pgid, "FINISHED", Duration.ofSeconds(120)));

        Kpm.Result replay = Kpm.run(work, Duration.ofMinutes(2), "replay", "--bootstrap", bootstrap, "--jobs",
                "--check");

        assertEquals(0, replay.exitCode(), replay.toString());
        String out = replay.stdout();
        long last = pgids.get(pgids.size() - 1);
        assertTrue(out.contains("next pgid " + (last + 1)), out);
        assertTrue(out.contains("1 refused, 0 unanswered"), out);
        assertTrue(out.contains(": 0 differences"), out);
        assertTrue(out.contains("1 refusals"), out);
        assertTrue(out.contains((last + 1) + " placements"), out);
        // the replayed table says what the gateway says of each job
        Map<Long, String[]> rows = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] cells = line.trim().split("\\s+");
            if (cells.length > 3 && cells[0].matches("\\d+")) rows.put(Long.parseLong(cells[0]), cells);
        }
        assertEquals(last + 1, rows.size(), out);
        for (long pgid : pgids) {
            assertEquals("FINISHED", rows.get(pgid)[1], "job " + pgid);
            assertEquals(views.get(pgid).get("exitCode").asText(), rows.get(pgid)[3], "exit code of job " + pgid);
        }
    }

    @Test
    @Order(3)
    void aForgedPlacementRecordIsTheOneDifferenceTheCheckReports() throws Exception {
        JobPlaced original = TopicReader.readAll(bootstrap, Topics.JOBS).stream()
                .filter(e -> e instanceof JobPlaced p && p.size() >= 3).map(e -> (JobPlaced) e)
                .reduce((first, second) -> second).orElseThrow();
        List<RankPlacement> ranks = new ArrayList<>(original.ranks());
        RankPlacement moved = ranks.get(0);
        String elsewhere = moved.nodeId().equals("node-1") ? "node-0" : "node-1";
        ranks.set(0, new RankPlacement(moved.rank(), elsewhere, moved.appnum(), moved.pmiId()));
        TopicReader.publish(bootstrap, new JobPlaced(meta(), original.pgid(), original.kvsname(), original.size(),
                original.nodes(), ranks, original.processMapping(), original.input()));

        Kpm.Result replay = Kpm.run(work, Duration.ofMinutes(2), "replay", "--bootstrap", bootstrap, "--check");

        assertEquals(1, replay.exitCode(), replay.toString());
        List<String> differs = replay.stdout().lines().filter(l -> l.contains("DIFFERS")).toList();
        assertEquals(1, differs.size(), replay.stdout());
        assertTrue(differs.get(0).contains("job " + original.pgid() + ": placement: rank 0 recorded on " + elsewhere),
                differs.get(0));
        assertTrue(replay.stdout().contains(": 1 difference\n"), replay.stdout());
    }

    private long spawn(String body) throws Exception {
        GatewayApi.Response spawned = api.post("/api/v1/spawn?wait=false", body);
        assertEquals(202, spawned.status(), body + " -> " + spawned.body());
        return spawned.body().get("pgid").asLong();
    }

    private void awaitExits(long pgid, int ranks, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Integer> exited = new HashSet<>();
        while (System.nanoTime() < deadline) {
            exited.clear();
            TopicReader.readAll(bootstrap, Topics.PROC_EVENTS).stream()
                    .filter(e -> e instanceof ProcExited x && x.pgid() == pgid)
                    .forEach(e -> exited.add(((ProcExited) e).rank()));
            if (exited.size() == ranks) return;
            Thread.sleep(200);
        }
        throw new AssertionError("job " + pgid + ": only ranks " + exited + " exited within " + timeout);
    }

    private static int count(String text, String word) {
        return text.split(java.util.regex.Pattern.quote(word), -1).length - 1;
    }

    private static EventMeta meta() {
        return new EventMeta(UUID.randomUUID().toString(), Instant.now(), new Producer("e2e-test", "log-replay"),
                EventMeta.SCHEMA_VERSION);
    }

    private long pidOf(String component) throws Exception {
        try (Stream<Path> files = Files.list(stateDir.resolve("pids"))) {
            Path file = files.filter(f -> f.getFileName().toString().contains(component)).findFirst()
                    .orElseThrow(() -> new AssertionError("no pid file for " + component + " in " + stateDir));
            return Long.parseLong(Files.readString(file).trim());
        }
    }
}
