package io.kpm.cli.history;

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

import io.kpm.cli.Kpm;
import io.kpm.cli.http.FakeGateway;
import io.kpm.cli.http.PmiExchangeView;
import picocli.CommandLine;

/** `kpm events`, `kpm output` and `kpm pmi-log` against a scripted gateway. */
class HistoryCommandsTest {

    private static final String PLACED = "{\"type\":\"JobPlaced\",\"meta\":{\"eventId\":\"e2\",\"time\":"
            + "\"2026-01-01T12:00:00.250Z\"},\"pgid\":7,\"nodes\":[\"node-0\"],\"processMapping\":\"(vector,(0,1,2))\"}";
    private static final String ACCEPTED = "{\"type\":\"JobAccepted\",\"meta\":{\"eventId\":\"e1\",\"time\":"
            + "\"2026-01-01T12:00:00Z\"},\"pgid\":7,\"size\":2,\"kvsname\":\"kvs_kpm_7\"}";

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

    private int kpm(String... args) {
        CommandLine cli = Kpm.commandLine();
        cli.setErr(new PrintWriter(cliErr, true));
        String[] withGateway = new String[args.length + 2];
        System.arraycopy(args, 0, withGateway, 0, args.length);
        withGateway[args.length] = "--gateway";
        withGateway[args.length + 1] = gateway.url();
        return cli.execute(withGateway);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void eventsPrintsATimelineOfWhatThereIsNow() {
        gateway.jobEvents = List.of(FakeGateway.event("message", ACCEPTED), FakeGateway.event("message", PLACED));

        assertEquals(0, kpm("events", "7"));

        assertEquals("+0.000s JobAccepted size=2 kvs=kvs_kpm_7\n"
                + "+0.250s JobPlaced nodes=node-0 mapping=(vector,(0,1,2))\n", text(stdout));
        assertTrue(gateway.requests.contains("GET /api/v1/jobs/7/events?follow=false"), gateway.requests.toString());
    }

    @Test
    void eventsOfAJobThatSpawnedMergeTheSpawnedGroupsNamingEachJob() {
        String request = "{\"type\":\"SpawnRequested\",\"meta\":{\"eventId\":\"r1\",\"time\":"
                + "\"2026-01-01T12:00:01Z\"},\"requestId\":\"q\",\"spawnerPgid\":7,\"spawnerRank\":0,"
                + "\"apps\":[{\"cmd\":\"./child\",\"maxprocs\":2},{\"cmd\":\"./other\",\"maxprocs\":1}]}";
        String childAccepted = "{\"type\":\"JobAccepted\",\"meta\":{\"eventId\":\"c1\",\"time\":"
                + "\"2026-01-01T12:00:01.100Z\"},\"pgid\":8,\"size\":3,\"kvsname\":\"kvs_kpm_8\",\"spawnerPgid\":7}";
        String parentFinished = "{\"type\":\"JobFinished\",\"meta\":{\"eventId\":\"e9\",\"time\":"
                + "\"2026-01-01T12:00:02Z\"},\"pgid\":7,\"exitCode\":0}";
        gateway.jobList = "[{\"pgid\":7,\"state\":\"FINISHED\"},{\"pgid\":8,\"spawnerPgid\":7,\"state\":\"FINISHED\"},"
                + "{\"pgid\":9,\"state\":\"FINISHED\"}]";
        gateway.jobEventsByPgid = java.util.Map.of(
                7L, List.of(FakeGateway.event("message", ACCEPTED), FakeGateway.event("message", request),
                        FakeGateway.event("message", parentFinished)),
                // the child's log holds the request that made it too: shown once, as the spawner's
                8L, List.of(FakeGateway.event("message", request), FakeGateway.event("message", childAccepted)));

        assertEquals(0, kpm("events", "7"));

        assertEquals("+0.000s job 7 JobAccepted size=2 kvs=kvs_kpm_7\n"
                + "+1.000s job 7 SpawnRequested request=q spawner=7 rank=0 apps=./child,./other procs=3\n"
                + "+1.100s job 8 JobAccepted size=3 kvs=kvs_kpm_8 spawner=7\n"
                + "+2.000s job 7 JobFinished exit=0\n", text(stdout));
        assertTrue(gateway.requests.stream().noneMatch(r -> r.startsWith("GET /api/v1/jobs/9/")), gateway.requests.toString());
    }

    @Test
    void eventsJsonPrintsWhatTheGatewaySentAndFollowAsksForTheLiveStream() {
        gateway.jobEvents = List.of(FakeGateway.event("message", ACCEPTED), FakeGateway.event("message", PLACED));

        assertEquals(0, kpm("events", "7", "--json", "--follow"));

        assertEquals(ACCEPTED + "\n" + PLACED + "\n", text(stdout));
        assertTrue(gateway.requests.contains("GET /api/v1/jobs/7/events"), gateway.requests.toString());
    }

    @Test
    void anUnknownJobIsSaidPlainly() {
        gateway.noSuchJob = true;

        assertEquals(1, kpm("events", "42"));
        assertEquals("kpm events: no job with pgid 42\n", cliErr.toString());

        assertEquals(1, kpm("output", "42"));
        assertTrue(cliErr.toString().endsWith("kpm output: no job with pgid 42\n"), cliErr.toString());

        assertEquals(1, kpm("pmi-log", "42"));
        assertTrue(cliErr.toString().endsWith("kpm pmi-log: no job with pgid 42\n"), cliErr.toString());
    }

    @Test
    void outputOfAnEndedJobComesRankByRank() {
        gateway.outputEvents = List.of(FakeGateway.output(1, "STDOUT", "one a\n"),
                FakeGateway.output(0, "STDOUT", "zero a\n"), FakeGateway.output(1, "STDERR", "one err\n"),
                FakeGateway.output(0, "STDOUT", "zero b\n"), FakeGateway.output(1, "STDOUT", "one b\n"));

        assertEquals(0, kpm("output", "7"));

        assertEquals("zero a\nzero b\none a\none b\n", text(stdout));
        assertEquals("one err\n", text(stderr));
        assertTrue(gateway.requests.contains("GET /api/v1/jobs/7/output"), gateway.requests.toString());
    }

    @Test
    void aTruncatedRankStreamIsNotedOnStderrAfterTheOutput() {
        gateway.outputEvents = List.of(FakeGateway.output(0, "STDOUT", "zero\n"),
                FakeGateway.event("truncated", "{\"rank\":0,\"stream\":\"STDOUT\",\"capBytes\":5,\"droppedBytes\":99,"
                        + "\"setting\":\"kpm.agent.output-cap\",\"message\":\"rank 0 stdout of job 7 truncated by "
                        + "kpm.agent.output-cap on node n0: kept the first 5 bytes, dropped 99 bytes\"}"),
                FakeGateway.output(1, "STDERR", "one err\n"),
                FakeGateway.event("truncated", "{\"rank\":1,\"stream\":\"STDERR\",\"capBytes\":8,\"droppedBytes\":3,"
                        + "\"setting\":\"kpm.agent.output-cap\"}"));

        assertEquals(0, kpm("output", "7"));

        assertEquals("zero\n", text(stdout));
        assertEquals("one err\n"
                + "kpm output: rank 0 stdout of job 7 truncated by kpm.agent.output-cap on node n0: kept the first 5 "
                + "bytes, dropped 99 bytes\n"
                + "kpm output: rank 1 stderr truncated by kpm.agent.output-cap: kept the first 8 bytes, dropped 3 bytes\n",
                text(stderr));
    }

    @Test
    void outputInterleavedKeepsTheOrderOfArrival() {
        gateway.outputEvents = List.of(FakeGateway.output(1, "STDOUT", "one\n"),
                FakeGateway.output(0, "STDOUT", "zero\n"));

        assertEquals(0, kpm("output", "7", "--interleaved"));

        assertEquals("one\nzero\n", text(stdout));
    }

    @Test
    void outputFiltersGoToTheGatewayAndAPickedStreamGoesToStdout() {
        gateway.outputEvents = List.of(FakeGateway.output(3, "STDERR", "warning\n"));

        assertEquals(0, kpm("output", "7", "--rank", "3", "--stream", "STDERR"));

        assertEquals("warning\n", text(stdout));
        assertEquals("", text(stderr));
        assertTrue(gateway.requests.contains("GET /api/v1/jobs/7/output?rank=3&stream=stderr"),
                gateway.requests.toString());
    }

    @Test
    void outputRejectsAnUnknownStream() {
        assertEquals(2, kpm("output", "7", "--stream", "both"));
        assertTrue(cliErr.toString().contains("--stream must be stdout or stderr"), cliErr.toString());
    }

    @Test
    void pmiLogTableShowsWhereARankWaited() {
        gateway.pmiLog = "[{\"rank\":0,\"protocol\":\"pmi-1\",\"request\":\"cmd=init pmi_version=1\\n\","
                + "\"response\":\"cmd=response_to_init rc=0\\n\",\"requestTime\":\"2026-01-01T12:00:00.010Z\","
                + "\"responseTime\":\"2026-01-01T12:00:00.011Z\"},"
                + "{\"rank\":1,\"protocol\":\"pmi-1\",\"request\":\"cmd=barrier_in\\n\",\"response\":\"cmd=barrier_out\\n\","
                + "\"requestTime\":\"2026-01-01T12:00:00.050Z\",\"responseTime\":\"2026-01-01T12:00:00.900Z\"},"
                + "{\"rank\":1,\"protocol\":\"pmi-1\",\"request\":\"cmd=abort\\n\",\"response\":null,"
                + "\"requestTime\":\"2026-01-01T12:00:01.000Z\",\"responseTime\":\"2026-01-01T12:00:01.000Z\"}]";

        assertEquals(0, kpm("pmi-log", "7"));

        String[] lines = text(stdout).split("\n");
        assertEquals(4, lines.length, text(stdout));
        assertTrue(lines[0].matches("TIME\\s+RANK\\s+WAIT\\s+REQUEST\\s+RESPONSE\\s*"), lines[0]);
        assertTrue(lines[1].matches("\\+0\\.000s\\s+0\\s+0\\.001s\\s+cmd=init pmi_version=1\\\\n\\s+"
                + "cmd=response_to_init rc=0\\\\n\\s*"), lines[1]);
        assertTrue(lines[2].matches("\\+0\\.040s\\s+1\\s+0\\.850s\\s+cmd=barrier_in\\\\n\\s+cmd=barrier_out\\\\n\\s*"),
                lines[2]);
        assertTrue(lines[3].matches("\\+0\\.990s\\s+1\\s+0\\.000s\\s+cmd=abort\\\\n\\s+-\\s*"), lines[3]);
        assertTrue(gateway.requests.contains("GET /api/v1/jobs/7/pmi"), gateway.requests.toString());

        assertEquals(0, kpm("pmi-log", "7", "--rank", "1"));
        assertTrue(gateway.requests.contains("GET /api/v1/jobs/7/pmi?rank=1"), gateway.requests.toString());
    }

    @Test
    void emptyPmiLogSaysSo() {
        assertEquals("no PMI exchanges recorded\n", PmiLogCommand.render(List.<PmiExchangeView>of()));
    }
}
