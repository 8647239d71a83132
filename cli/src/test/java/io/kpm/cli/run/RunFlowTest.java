package io.kpm.cli.run;

import static io.kpm.cli.http.FakeGateway.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kpm.cli.Kpm;
import io.kpm.cli.http.FakeGateway;
import io.kpm.cli.http.Json;
import picocli.CommandLine;

/** `kpm run` against a scripted gateway: what reaches stdout/stderr and the exit status. */
class RunFlowTest {

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final StringWriter cliErr = new StringWriter();
    private PrintStream realOut;
    private PrintStream realErr;
    private FakeGateway gateway;

    @BeforeEach
    void capture() throws Exception {
        realOut = System.out;
        realErr = System.err;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        gateway = new FakeGateway();
    }

    @AfterEach
    void restore() {
        System.setOut(realOut);
        System.setErr(realErr);
        gateway.close();
    }

    @Test
    void streamsEveryRanksOutputAndExitsWithTheJobsExitCode() throws Exception {
        gateway.outputEvents = List.of(output(0, "STDOUT", "hello from 0\n"), output(1, "STDERR", "oops\n"),
                output(1, "STDOUT", "hello from 1\n"),
                FakeGateway.event("truncated", "{\"capBytes\":10,\"message\":\"job 7 wrote more than the gateway keeps\"}"));
        gateway.jobView = "{\"pgid\":7,\"state\":\"FINISHED\",\"exitCode\":3,\"ranks\":[]}";

        assertEquals(3, run("-n", "2", "--env", "FOO=bar", "--", "sh", "-c", "exit 3"));

        assertEquals("hello from 0\nhello from 1\n", text(stdout));
        assertEquals("oops\nkpm run: job 7 wrote more than the gateway keeps\n", text(stderr));
        JsonNode app = Json.mapper().readTree(gateway.spawnBodies.get(0)).get("apps").get(0);
        assertEquals("sh", app.get("cmd").asText());
        assertEquals("[\"-c\",\"exit 3\"]", app.get("argv").toString());
        assertEquals("bar", app.get("env").get("FOO").asText());
        assertEquals(2, app.get("maxprocs").asInt());
        assertTrue(gateway.requests.contains("GET /api/v1/jobs/7/output"), gateway.requests.toString());
    }

    @Test
    void aRankStreamTruncatedByItsAgentIsToldOnStderr() {
        gateway.outputEvents = List.of(output(0, "STDOUT", "kept\n"),
                FakeGateway.event("truncated", "{\"rank\":0,\"stream\":\"STDOUT\",\"capBytes\":5,\"droppedBytes\":7,"
                        + "\"setting\":\"kpm.agent.output-cap\",\"message\":\"rank 0 stdout of job 7 truncated by "
                        + "kpm.agent.output-cap on node n0: kept the first 5 bytes, dropped 7 bytes\"}"));
        assertEquals(0, run("-n", "1", "--", "x"));
        assertEquals("kept\n", text(stdout));
        assertEquals("kpm run: rank 0 stdout of job 7 truncated by kpm.agent.output-cap on node n0: kept the first 5 "
                + "bytes, dropped 7 bytes\n", text(stderr));
    }

    @Test
    void labelsLinesWithTheirRank() {
        gateway.outputEvents = List.of(output(0, "STDOUT", "a"), output(1, "STDOUT", "b\n"), output(0, "STDOUT", "c\n"),
                output(1, "STDOUT", "tail"));
        assertEquals(0, run("-l", "-n", "2", "--", "x"));
        assertEquals("[1] b\n[0] ac\n[1] tail\n", text(stdout));
    }

    @Test
    void theOutputOfSpawnedGroupsIsStreamedAndWaitedForButTheirExitCodesAreNotTheRunsOne() {
        // job 7 spawned 8, which spawned 9; 8 exits 3, and kpm run still exits with 7's code, as mpiexec does
        gateway.jobList = "[{\"pgid\":7,\"state\":\"FINISHED\",\"exitCode\":0},"
                + "{\"pgid\":8,\"spawnerPgid\":7,\"state\":\"FINISHED\",\"exitCode\":3},"
                + "{\"pgid\":9,\"spawnerPgid\":8,\"state\":\"FINISHED\",\"exitCode\":0},"
                + "{\"pgid\":10,\"state\":\"FINISHED\",\"exitCode\":0}]";
        gateway.outputEvents = List.of(output(0, "STDOUT", "parent\n"));
        gateway.outputEventsByPgid = java.util.Map.of(
                8L, List.of(output(0, "STDOUT", "child 0\n"), output(1, "STDERR", "child 1 complains\n")),
                9L, List.of(output(0, "STDOUT", "grandchild\n")),
                10L, List.of(output(0, "STDOUT", "somebody else's job\n")));
        gateway.jobViewsByPgid = java.util.Map.of(
                8L, "{\"pgid\":8,\"spawnerPgid\":7,\"state\":\"FINISHED\",\"exitCode\":3}",
                9L, "{\"pgid\":9,\"spawnerPgid\":8,\"state\":\"FINISHED\",\"exitCode\":0}");

        assertEquals(0, run("-l", "-n", "1", "--", "x"));

        List<String> lines = text(stdout).lines().sorted().toList();
        assertEquals(List.of("[0] parent", "[8,0] child 0", "[9,0] grandchild"), lines);
        assertEquals("[8,1] child 1 complains\n", text(stderr));
        assertTrue(gateway.requests.contains("GET /api/v1/jobs/8/output"), gateway.requests.toString());
        assertTrue(gateway.requests.contains("GET /api/v1/jobs/9/output"), gateway.requests.toString());
        assertTrue(gateway.requests.stream().noneMatch(r -> r.startsWith("GET /api/v1/jobs/10/")),
                gateway.requests.toString());
    }

    @Test
    void aSpawnedGroupThatFailedIsToldOnStderr() {
        gateway.jobList = "[{\"pgid\":7,\"state\":\"FINISHED\",\"exitCode\":0},"
                + "{\"pgid\":8,\"spawnerPgid\":7,\"state\":\"FAILED\"}]";
        gateway.outputEventsByPgid = java.util.Map.of(8L, List.of());
        gateway.jobViewsByPgid = java.util.Map.of(8L, "{\"pgid\":8,\"spawnerPgid\":7,\"state\":\"FAILED\","
                + "\"exitCode\":127,\"reason\":\"rank 1 on node-0: ./child: not found\"}");

        assertEquals(0, run("-n", "1", "--", "x"));

        assertEquals("kpm run: spawned job 8 failed: rank 1 on node-0: ./child: not found\n", text(stderr));
    }

    @Test
    void anAbortedJobSaysSoBeforeWhatBecameOfTheGroupsItSpawned() {
        gateway.jobList = "[{\"pgid\":7,\"state\":\"ABORTED\"},{\"pgid\":8,\"spawnerPgid\":7,\"state\":\"ABORTED\"}]";
        gateway.outputEventsByPgid = java.util.Map.of(8L, List.of());
        gateway.jobView = "{\"pgid\":7,\"state\":\"ABORTED\",\"exitCode\":143,\"reason\":\"killed by user\"}";
        gateway.jobViewsByPgid = java.util.Map.of(8L, "{\"pgid\":8,\"spawnerPgid\":7,\"state\":\"ABORTED\","
                + "\"exitCode\":143,\"reason\":\"aborted with job 7, which it was spawned from (killed by user)\"}");

        assertEquals(143, run("-n", "1", "--", "x"));

        assertEquals("kpm run: job 7 was aborted: killed by user\n"
                + "kpm run: spawned job 8 was aborted: aborted with job 7, which it was spawned from (killed by user)\n",
                text(stderr));
    }

    @Test
    void aRefusedSpawnPrintsTheProblemAndExits1() {
        gateway.spawnAnswers = List.of(new FakeGateway.Answer(400, "{\"status\":400,\"title\":\"Bad Request\","
                + "\"detail\":\"maxprocs must be at least 1\"}"));
        assertEquals(1, run("-n", "1", "--", "x"));
        assertEquals("kpm run: maxprocs must be at least 1\n", cliErr.toString());
        assertEquals(List.of("POST /api/v1/spawn?wait=false"), gateway.requests);
    }

    @Test
    void noLiveNodeIsRetriedWhileTheGatewaySeesNodesComingUp() {
        gateway.spawnAnswers = List.of(new FakeGateway.Answer(503, "{\"detail\":\"no live node\"}"),
                new FakeGateway.Answer(202, "{\"pgid\":7,\"kvsname\":\"kvs_kpm_7\"}"));
        assertEquals(0, run("-n", "1", "--", "x"));
        assertEquals(2, gateway.spawnBodies.size());
    }

    @Test
    void noLiveNodeWithoutAnyNodeFailsAtOnce() {
        gateway.spawnAnswers = List.of(new FakeGateway.Answer(503, "{\"detail\":\"no live node is registered\"}"));
        gateway.nodes = "[]";
        assertEquals(1, run("-n", "1", "--", "x"));
        assertEquals("kpm run: no live node is registered\n", cliErr.toString());
    }

    @Test
    void aFailedLaunchSaysWhyAndExitsNonZero() {
        gateway.jobView = "{\"pgid\":7,\"state\":\"FAILED\",\"exitCode\":127,"
                + "\"reason\":\"rank 0: /no/such/file: not found\",\"ranks\":[{\"rank\":0,\"state\":\"LAUNCH_FAILED\","
                + "\"message\":\"/no/such/file: not found\"}]}";
        assertEquals(127, run("-n", "1", "--", "/no/such/file"));
        assertEquals("kpm run: rank 0: /no/such/file: not found\n", text(stderr));
    }

    @Test
    void whenTheOutputStreamEndsEarlyItPollsTheJob() {
        gateway.outputEvents = List.of(output(0, "STDOUT", "partial\n"));
        gateway.outputEndsWithoutEnd = true;
        gateway.jobView = "{\"pgid\":7,\"state\":\"FINISHED\",\"exitCode\":4}";
        assertEquals(4, run("-n", "1", "--", "x"));
        assertEquals("partial\n", text(stdout));
        assertTrue(text(stderr).contains("kpm run: the output stream ended before the job did; waiting for job 7 to end"),
                text(stderr));
        assertTrue(gateway.requests.contains("GET /api/v1/jobs/7"));
    }

    @Test
    void anUnreachableGatewayIsNamed() {
        int port = io.kpm.cli.stack.PortAllocator.freePorts(1).get(0);
        assertEquals(1, Kpm.commandLine().setErr(new PrintWriter(cliErr, true))
                .execute("run", "--gateway", "http://127.0.0.1:" + port, "-n", "1", "--", "x"));
        assertEquals("kpm run: cannot reach the gateway at http://127.0.0.1:" + port + ": connection refused\n",
                cliErr.toString());
    }

    private int run(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "run";
        all[1] = "--gateway";
        all[2] = gateway.url();
        System.arraycopy(args, 0, all, 3, args.length);
        CommandLine kpm = Kpm.commandLine();
        kpm.setErr(new PrintWriter(cliErr, true));
        return kpm.execute(all);
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
