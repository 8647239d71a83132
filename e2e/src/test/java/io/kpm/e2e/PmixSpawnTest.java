package io.kpm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 16 on the real stack ({@code kpm up --nodes 2 --cores 2}): debugger daemons per node ({@code kpm debug})
 * and per proc (REST v2 with PMIx's directives) beside a 4-rank job, told its ranks and pids, ending with it; the
 * job's placed/running/terminated notifications with exit codes; a PMIx-convention spawn with argv[0] and
 * several directives, its unknown directive in the job's record; and {@code kpm replay --check} re-making it all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PmixSpawnTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Path work;
    private Path stateDir;
    private int basePort;
    private String gatewayUrl;
    private GatewayApi api;

    @BeforeAll
    void up() throws Exception {
        Path target = Kpm.repoRoot().resolve("e2e/target");
        work = Files.createDirectories(target.resolve("e2e-pmix-" + System.nanoTime()));
        stateDir = target.resolve("e2e-stack-" + System.nanoTime());
        basePort = Kpm.freeBasePort();
        gatewayUrl = "http://127.0.0.1:" + (basePort + 2);
        api = new GatewayApi(gatewayUrl);
        Kpm.Result up = Kpm.run(work, Duration.ofMinutes(3), "up", "--nodes", "2", "--cores", "2", "--base-port",
                Integer.toString(basePort), "--state-dir", stateDir.toString());
        assertEquals(0, up.exitCode(), up.toString());
    }

    @AfterAll
    void down() throws Exception {
        Kpm.Result down = Kpm.run(work, Duration.ofMinutes(2), "down", "--state-dir", stateDir.toString());
        assertEquals(0, down.exitCode(), down.toString());
    }

    @Test
    @Order(1)
    void debuggerDaemonsSitBesideTheTargetAreToldItsPidsAndEndWithItWhoseNotificationsCarryExitCodes()
            throws Exception {
        Path stop = work.resolve("stop-target");
        GatewayApi.Response spawned = api.post("/api/v2/spawn?wait=false", JSON.writeValueAsString(Map.of("apps", List.of(
                Map.of("cmd", "sh", "argv", List.of("sh", "-c", "while [ ! -e " + stop + " ]; do sleep 0.1; done; "
                        + "exit $PMI_RANK"), "maxprocs", 4)))));
        assertEquals(202, spawned.status(), spawned.toString());
        long target = spawned.body().get("pgid").asLong();
        CompletableFuture<List<String>> notifications = sse(spawned.body().get("notifications").asText());
        JsonNode running = api.awaitJobState(target, "RUNNING", WAIT);
        Map<Integer, String> nodeOfRank = new HashMap<>();
        Map<Integer, Long> pidOfRank = new HashMap<>();
        for (JsonNode r : running.get("ranks")) {
            nodeOfRank.put(r.get("rank").asInt(), r.get("nodeId").asText());
            pidOfRank.put(r.get("rank").asInt(), r.get("pid").asLong());
        }
        assertEquals(Map.of(0, "node-0", 1, "node-0", 2, "node-1", 3, "node-1"), nodeOfRank);

        // per node, through the CLI: each daemon prints what it was given
        String report = "echo \"node=$KPM_NODE_ID target=$KPM_DEBUG_TARGET_PGID ranks=$KPM_DEBUG_RANKS "
                + "pids=$KPM_DEBUG_PIDS pmi=$KPM_DEBUG_TARGET_PMI_PORT rank=$PMI_RANK\"";
        Path debugOut = work.resolve("debug.out");
        Path debugErr = work.resolve("debug.err");
        Process debug = Kpm.start(work, Map.of(), debugOut, debugErr, "debug", Long.toString(target), "--per-node",
                "--gateway", gatewayUrl, "--", "sh", "-c", report + "; exec sleep 600");
        List<String> lines = awaitLines(debugOut, 2);
        assertEquals(2, lines.size(), lines.toString());
        for (String line : lines) {
            Map<String, String> got = fields(line);
            String node = got.get("node");
            List<Integer> ranks = ints(got.get("ranks"));
            assertEquals(node.equals("node-0") ? List.of(0, 1) : List.of(2, 3), ranks, line);
            assertEquals(ranks.stream().map(pidOfRank::get).toList(), longs(got.get("pids")), line);
            assertEquals(Long.toString(target), got.get("target"));
            assertEquals("127.0.0.1:" + (basePort + 3), got.get("pmi"));
        }
        // per proc, through REST with PMIx's directives: each daemon writes what it was given to a file
        Path perProcDir = Files.createDirectories(work.resolve("per-proc"));
        GatewayApi.Response perProc = api.post("/api/v2/spawn", JSON.writeValueAsString(Map.of(
                "jobInfo", Map.of("PMIX_DEBUGGER_DAEMONS", true, "PMIX_DEBUG_TARGET", Map.of("nspace", "kvs_kpm_" + target),
                        "PMIX_DEBUG_DAEMONS_PER_PROC", 1),
                "apps", List.of(Map.of("cmd", "sh", "argv", List.of("sh", "-c", report + " > " + perProcDir
                        + "/daemon-$PMI_RANK; exec sleep 600"))))));
        assertEquals(200, perProc.status(), perProc.toString());
        long perProcPgid = perProc.body().get("pgid").asLong();

        String said = Files.readString(debugErr);
        Matcher m = Pattern.compile("job (\\d+) runs the debugger daemons of job "
                + target).matcher(said);
        assertTrue(m.find(), said);
        long perNodePgid = Long.parseLong(m.group(1));
        JsonNode perNodeJob = api.awaitJobState(perNodePgid, "RUNNING", WAIT);
        assertEquals(List.of("node-0", "node-1"), nodesOf(perNodeJob));
        assertEquals(target + "", perNodeJob.get("jobInfo").get("kpm.debug.target").asText());

        JsonNode perProcJob = api.job(perProcPgid);
        assertEquals(List.of("node-0", "node-0", "node-1", "node-1"), nodesOf(perProcJob), "one beside each rank");
        for (int d = 0; d < 4; d++) awaitLines(perProcDir.resolve("daemon-" + d), 1);
        for (int d = 0; d < 4; d++) {
            Map<String, String> got = fields(Files.readString(perProcDir.resolve("daemon-" + d)).trim());
            assertEquals(List.of(d), ints(got.get("ranks")));
            assertEquals(List.of(pidOfRank.get(d)), longs(got.get("pids")));
            assertEquals(nodeOfRank.get(d), got.get("node"), "daemon " + d + " runs beside target rank " + d);
            assertTrue(Kpm.alive(pidOfRank.get(d)), "the pid it was given is the live rank's");
        }
        assertEquals(4, api.job(target).get("size").asInt(), "the daemons are not ranks of the target");
        List<Long> daemonPids = new ArrayList<>(pids(perProcJob));
        daemonPids.addAll(pids(perNodeJob));

        // the target ends: its ranks exit with their rank numbers; the daemons end with it
        Files.writeString(stop, "");
        JsonNode finished = api.awaitJobState(target, "FINISHED", WAIT);
        assertEquals(3, finished.get("exitCode").asInt());
        for (long pgid : List.of(perNodePgid, perProcPgid)) {
            JsonNode ended = api.awaitJobState(pgid, "ABORTED", Duration.ofSeconds(15));
            assertEquals(0, ended.get("exitCode").asInt());
            assertTrue(ended.get("reason").asText().startsWith("debugger daemons of job " + target + " end with it"),
                    ended.toString());
        }
        for (long pid : daemonPids) Kpm.awaitDead(pid, Duration.ofSeconds(10));
        assertTrue(debug.waitFor(20, TimeUnit.SECONDS), "kpm debug ends with its daemons");
        assertEquals(0, debug.exitValue(), Files.readString(debugErr));

        List<String> events = notifications.get(20, TimeUnit.SECONDS);
        assertEquals(List.of("placed", "running", "terminated"), events.stream()
                .map(e -> e.substring(0, e.indexOf('\n'))).toList(), events.toString());
        JsonNode placed = JSON.readTree(events.get(0).substring(events.get(0).indexOf('\n') + 1));
        assertEquals(List.of("node-0", "node-1"), JSON.convertValue(placed.get("nodes"), List.class));
        JsonNode runningNote = JSON.readTree(events.get(1).substring(events.get(1).indexOf('\n') + 1));
        assertEquals(pidOfRank.get(2), runningNote.get("ranks").get(2).get("pid").asLong());
        JsonNode terminated = JSON.readTree(events.get(2).substring(events.get(2).indexOf('\n') + 1));
        assertEquals("FINISHED", terminated.get("state").asText());
        assertEquals(3, terminated.get("exitCode").asInt());
        List<Integer> exitCodes = new ArrayList<>();
        terminated.get("ranks").forEach(r -> exitCodes.add(r.get("exitCode").asInt()));
        assertEquals(List.of(0, 1, 2, 3), exitCodes);
    }

    @Test
    @Order(2)
    void aPmixConventionSpawnRunsAsPmixWouldAndKeepsItsUnknownDirective() throws Exception {
        Path out = Files.createDirectories(work.resolve("pmix"));
        String script = "echo \"$0|$1|$GREETING|${DROPME-unset}|$PATH|$KPM_NODE_ID|$(pwd)\" > " + out + "/rank-$PMI_RANK";
        GatewayApi.Response answer = api.post("/api/v2/spawn", JSON.writeValueAsString(Map.of(
                "jobInfo", Map.of("PMIX_JOB_TIMEOUT", 60, "PMIX_NOTIFY_COMPLETION", true, "PMIX_QUANTUM_FLUX", "on"),
                "apps", List.of(Map.of("cmd", "sh", "argv", List.of("sh", "-c", script, "first", "second"),
                        "env", List.of("GREETING=hello", "DROPME=1"), "maxprocs", 4, "minprocs", 1,
                        "info", Map.of("PMIX_MAPBY", "node", "PMIX_PREFIX", "/opt/kpm-e2e", "PMIX_UNSET_ENVAR", "DROPME",
                                "PMIX_WDIR", out.toString(), "PMIX_BINDTO", "core", "PMIX_TAG_OUTPUT", true))))));
        assertEquals(200, answer.status(), answer.toString());
        long pgid = answer.body().get("pgid").asLong();
        Map<String, String> status = new HashMap<>();
        answer.body().get("directives").forEach(d -> status.put(d.get("name").asText(), d.get("status").asText()));
        assertEquals("unknown", status.get("PMIX_QUANTUM_FLUX"));
        assertEquals("not-applied", status.get("PMIX_BINDTO"));
        assertEquals("applied", status.get("PMIX_MAPBY"));
        assertEquals("applied", status.get("PMIX_PREFIX"));

        // notifications by long-poll until terminated
        String poll = answer.body().get("notifications").asText().substring(gatewayUrl.length()) + "/poll";
        List<String> types = new ArrayList<>();
        int after = 0;
        boolean done = false;
        while (!done) {
            JsonNode page = api.get(poll + "?after=" + after + "&timeout=20").body();
            page.get("notifications").forEach(n -> types.add(n.get("type").asText()));
            after = page.get("next").asInt();
            done = page.get("done").asBoolean() || types.contains("terminated");
        }
        assertEquals(List.of("placed", "running", "terminated"), types);

        JsonNode job = api.awaitJobState(pgid, "FINISHED", WAIT);
        assertEquals(2, job.get("size").asInt(), "maxprocs 4 with minprocs 1 and map-by node: one per node's slot");
        assertEquals(List.of("node-0", "node-1"), nodesOf(job));
        assertEquals("PMIX_QUANTUM_FLUX", job.get("jobInfo").get("kpm.directives.unknown").asText(),
                "the unknown directive is in the job's record");
        assertEquals("on", job.get("jobInfo").get("PMIX_QUANTUM_FLUX").asText());
        assertEquals("core", job.get("appInfo").get(0).get("PMIX_BINDTO").asText());
        for (int rank = 0; rank < 2; rank++) {
            String[] got = Files.readString(out.resolve("rank-" + rank)).trim().split("\\|");
            assertEquals("first", got[0], "argv[0] was the program's name, not an argument");
            assertEquals("second", got[1]);
            assertEquals("hello", got[2]);
            assertEquals("unset", got[3], "PMIX_UNSET_ENVAR applies after env");
            assertTrue(got[4].startsWith("/opt/kpm-e2e/bin:"), got[4]);
            assertEquals(rank == 0 ? "node-0" : "node-1", got[5]);
            assertEquals(out.toString(), got[6]);
        }
    }

    @Test
    @Order(3)
    void replayReMakesEveryDecisionIncludingTheDaemons() throws Exception {
        Kpm.Result check = Kpm.run(work, Duration.ofSeconds(60), "replay", "--check", "--bootstrap",
                "127.0.0.1:" + basePort);
        assertEquals(0, check.exitCode(), check.toString());
    }

    private static List<String> nodesOf(JsonNode job) {
        List<String> nodes = new ArrayList<>();
        job.get("ranks").forEach(r -> nodes.add(r.get("nodeId").asText()));
        return nodes;
    }

    private static List<Long> pids(JsonNode job) {
        List<Long> pids = new ArrayList<>();
        job.get("ranks").forEach(r -> pids.add(r.get("pid").asLong()));
        return pids;
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> out = new HashMap<>();
        for (String part : line.trim().split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) out.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return out;
    }

    private static List<Integer> ints(String list) {
        return Stream.of(list.split(",")).map(Integer::parseInt).toList();
    }

    private static List<Long> longs(String list) {
        return Stream.of(list.split(",")).map(Long::parseLong).toList();
    }

    private static List<String> awaitLines(Path file, int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> l.startsWith("node=")).toList()
                    : List.of();
            if (lines.size() >= count) return lines;
            Thread.sleep(100);
        }
        return lines;
    }

    /** The server-sent events of a stream until it ends, each as "name\ndata". */
    private static CompletableFuture<List<String>> sse(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + Kpm.token()).timeout(Duration.ofSeconds(90)).GET().build();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenApply(response -> {
            List<String> events = new ArrayList<>();
            String[] name = {null};
            StringBuilder data = new StringBuilder();
            response.body().forEach(line -> {
                if (line.startsWith("event:")) name[0] = line.substring(6).trim();
                else if (line.startsWith("data:")) data.append(line.substring(5).trim());
                else if (line.isEmpty() && data.length() > 0) {
                    events.add(name[0] + "\n" + data);
                    data.setLength(0);
                    name[0] = null;
                }
            });
            return events;
        });
    }
}
