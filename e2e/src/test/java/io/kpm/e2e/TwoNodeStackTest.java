package io.kpm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.serde.EventSchemas;

/**
 * The real stack as a user runs it: {@code kpm up} starts the broker, scheduler, gateway and two node agents
 * of two cores each as separate processes; jobs are run with {@code kpm run} and the REST API; everything
 * they did is checked on the Kafka topics. Tests run in order on one stack (pgids count from 0).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeStackTest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
    private static final int OUTPUT_CAP = 64 * 1024;

    private Path work;
    private Path stateDir;
    private int basePort;
    private String gatewayUrl;
    private String bootstrap;
    private GatewayApi api;

    @BeforeAll
    void up() throws Exception {
        Path target = Kpm.repoRoot().resolve("e2e/target");
        work = Files.createDirectories(target.resolve("e2e-work"));
        stateDir = target.resolve("e2e-stack-" + System.nanoTime());
        basePort = Kpm.freeBasePort();
        gatewayUrl = "http://127.0.0.1:" + (basePort + 2);
        bootstrap = "127.0.0.1:" + basePort;
        api = new GatewayApi(gatewayUrl);
        // a small output cap for the agents (the environment reaches every process of the stack), and a retention
        // other than kpm's default for one topic, which the broker creates the topic with
        Kpm.Result up = Kpm.run(work, Map.of("KPM_AGENT_OUTPUT_CAP", Integer.toString(OUTPUT_CAP)), Duration.ofMinutes(4),
                upArgs());
        assertEquals(0, up.exitCode(), up.toString());
    }

    private String[] upArgs() {
        return new String[] {"up", "--nodes", "2", "--cores", "2", "--base-port", Integer.toString(basePort),
                "--state-dir", stateDir.toString(), "--retention", "kpm.launch=3d"};
    }

    private Kpm.Result kpmRun(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("run", "--gateway", gatewayUrl));
        all.addAll(List.of(args));
        return Kpm.run(work, RUN_TIMEOUT, all.toArray(String[]::new));
    }

    private List<KpmEvent> jobEvents(long pgid) {
        return TopicReader.readAll(bootstrap, Topics.JOBS).stream()
                .filter(e -> e.kafkaKey().equals(Long.toString(pgid))).toList();
    }

    @Test
    @Order(1)
    void sixRanksOnTwoNodesArePlacedInBlocksOfTheCoreCountAndAllRun() throws Exception {
        Path out = Files.createDirectories(work.resolve("six-ranks"));
        Kpm.Result run = kpmRun("-n", "6", "--", "sh", "-c",
                "echo \"$KPM_NODE_ID $PMI_SIZE\" > " + out + "/rank-$PMI_RANK; exit $PMI_RANK");

        assertEquals(5, run.exitCode(), "the largest rank exit code: " + run);
        Map<Integer, String> nodeOfRank = new TreeMap<>();
        for (int rank = 0; rank < 6; rank++) {
            String[] line = Files.readString(out.resolve("rank-" + rank)).trim().split(" ");
            nodeOfRank.put(rank, line[0]);
            assertEquals("6", line[1], "PMI_SIZE of rank " + rank);
        }
        assertEquals(Map.of(0, "node-0", 1, "node-0", 2, "node-1", 3, "node-1", 4, "node-0", 5, "node-0"), nodeOfRank);

        List<KpmEvent> events = jobEvents(0);
        assertEquals(List.of("JobAccepted", "JobPlaced", "JobRunning", "JobFinished"),
                events.stream().map(KpmEvent::typeName).toList());
        JobPlaced placed = (JobPlaced) events.get(1);
        assertEquals("(vector,(0,2,2),(0,1,2))", placed.processMapping());
        assertEquals(List.of("node-0", "node-1"), placed.nodes());
        JobFinished finished = (JobFinished) events.get(3);
        assertEquals(5, finished.exitCode());
        finished.ranks().forEach(r -> assertEquals(r.rank(), r.exitCode(), "exit code of rank " + r.rank()));
    }

    @Test
    @Order(2)
    void consecutiveJobsGetConsecutivePgidsAlsoAcrossASchedulerRestart() throws Exception {
        assertEquals(0, kpmRun("-n", "1", "--", "true").exitCode());

        long schedulerPid = pidOf("scheduler");
        ProcessHandle.of(schedulerPid).orElseThrow().destroy();
        Kpm.awaitDead(schedulerPid, Duration.ofSeconds(30));
        Kpm.Result again = Kpm.run(work, Duration.ofMinutes(3), upArgs());
        assertEquals(0, again.exitCode(), again.toString());
        assertNotEquals(schedulerPid, pidOf("scheduler"), "kpm up started a new scheduler");

        assertEquals(0, kpmRun("-n", "1", "--", "true").exitCode());
        List<Long> pgids = TopicReader.readAll(bootstrap, Topics.JOBS).stream()
                .filter(e -> e instanceof JobAccepted).map(e -> ((JobAccepted) e).pgid()).toList();
        assertEquals(List.of(0L, 1L, 2L), pgids);
    }

    @Test
    @Order(3)
    void exitCodesOutputAndRankLabels() throws Exception {
        Kpm.Result three = kpmRun("-n", "2", "--", "sh", "-c", "exit 3");
        assertEquals(3, three.exitCode(), three.toString());

        Kpm.Result labelled = kpmRun("-n", "3", "-l", "--", "sh", "-c", "echo hello from $PMI_RANK; echo oops >&2");
        assertEquals(0, labelled.exitCode(), labelled.toString());
        List<String> lines = labelled.stdout().lines().sorted().toList();
        assertEquals(List.of("[0] hello from 0", "[1] hello from 1", "[2] hello from 2"), lines);
        assertEquals(3, labelled.stderr().lines().filter(l -> l.matches("\\[\\d] oops")).count(), labelled.stderr());
        long pgid = newestPgid();
        Kpm.Result output = Kpm.run(work, Duration.ofSeconds(60), "output", "--gateway", gatewayUrl, Long.toString(pgid));
        assertEquals(0, output.exitCode(), output.toString());
        assertEquals(List.of("hello from 0", "hello from 1", "hello from 2"), output.stdout().lines().toList(),
                "kpm output after the job: each rank's output, ranks in order");
        assertEquals(3, output.stderr().lines().filter("oops"::equals).count(), output.toString());

        Kpm.Result timeline = Kpm.run(work, Duration.ofSeconds(60), "events", "--gateway", gatewayUrl, Long.toString(pgid));
        assertEquals(0, timeline.exitCode(), timeline.toString());
        List<String> kinds = timeline.stdout().lines().map(l -> l.trim().split("\\s+")[1]).toList();
        assertEquals(List.of("SpawnRequested", "JobAccepted"), kinds.subList(0, 2), "the request that made the job first: "
                + timeline.stdout());
        assertEquals("JobFinished", kinds.get(kinds.size() - 1), timeline.stdout());
        assertEquals(3, kinds.stream().filter("ProcStarted"::equals).count(), timeline.stdout());
        assertEquals(3, kinds.stream().filter("ProcExited"::equals).count(), timeline.stdout());

        Kpm.Result json = Kpm.run(work, Duration.ofSeconds(60), "events", "--json", "--gateway", gatewayUrl, Long.toString(pgid));
        assertEquals(0, json.exitCode(), json.toString());
        for (String line : json.stdout().lines().toList()) assertEquals(List.of(), EventSchemas.validate(line), line);
    }

    @Test
    @Order(3)
    void outputPastTheAgentsCapIsCutAndEveryRankStreamSaysSo() throws Exception {
        Kpm.Result run = kpmRun("-n", "2", "--", "sh", "-c", "head -c 200000 /dev/zero");
        assertEquals(0, run.exitCode(), "the ranks were not blocked by their output: " + run.stderr());
        assertEquals(2 * OUTPUT_CAP, run.stdout().length());
        long pgid = newestPgid();
        for (int rank = 0; rank < 2; rank++) {
            String mark = "kpm run: rank " + rank + " stdout of job " + pgid + " truncated by kpm.agent.output-cap on node ";
            String line = run.stderr().lines().filter(l -> l.startsWith(mark)).findFirst()
                    .orElseThrow(() -> new AssertionError(run.stderr()));
            assertTrue(line.endsWith(": kept the first 65536 bytes (64.0 KiB), dropped 134464 bytes (131.3 KiB)"), line);
        }
        Kpm.Result output = Kpm.run(work, Duration.ofSeconds(60), "output", "--gateway", gatewayUrl, Long.toString(pgid));
        assertEquals(2 * OUTPUT_CAP, output.stdout().length());
        assertEquals(2, output.stderr().lines().filter(l -> l.contains("truncated by kpm.agent.output-cap")).count(),
                output.stderr());
    }

    @Test
    @Order(3)
    void topicsWereCreatedWithKpmsRetentionAndTheOneUpAskedFor() throws Exception {
        Kpm.Result topics = Kpm.run(work, Duration.ofSeconds(60), "topics", "--bootstrap", bootstrap);
        assertEquals(0, topics.exitCode(), topics.toString());
        Map<String, List<String>> rows = new java.util.HashMap<>();
        topics.stdout().lines().filter(l -> l.startsWith("kpm."))
                .forEach(l -> rows.put(l.split("\\s+")[0], List.of(l.trim().split("\\s{2,}"))));
        assertEquals(Topics.ALL.size(), rows.size(), topics.stdout());
        assertEquals(List.of("16", "delete", "3d"), rows.get(Topics.LAUNCH).subList(1, 4));
        assertEquals(List.of("1", "delete", "forever", "unlimited"), rows.get(Topics.JOBS).subList(1, 5));
        assertEquals(List.of("1", "delete", "30d", "10G"), rows.get(Topics.PROC_OUTPUT).subList(1, 5));
        assertEquals("compact", rows.get(Topics.NODES).get(2));
    }

    private long newestPgid() {
        return TopicReader.readAll(bootstrap, Topics.JOBS).stream().filter(e -> e instanceof JobAccepted)
                .mapToLong(e -> ((JobAccepted) e).pgid()).max().orElseThrow();
    }

    @Test
    @Order(4)
    void aMissingExecutableFailsTheRunWithTheReason() throws Exception {
        Kpm.Result missing = kpmRun("-n", "1", "--", "/no/such/file");
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.stderr().contains("/no/such/file"), missing.toString());
        assertTrue(missing.stderr().toLowerCase().contains("no such file")
                || missing.stderr().toLowerCase().contains("not found"), missing.toString());
    }

    @Test
    @Order(5)
    void deletingAJobKillsAllItsProcessesAndTheirChildren() throws Exception {
        GatewayApi.Response spawned = api.post("/api/v1/spawn", """
                {"apps":[{"cmd":"sh","argv":["-c","sleep 300 & sleep 300; wait"],"maxprocs":3}]}""");
        assertEquals(200, spawned.status(), String.valueOf(spawned.body()));
        long pgid = spawned.body().get("pgid").asLong();
        List<Long> pids = processTree(api.awaitJobState(pgid, "RUNNING", Duration.ofSeconds(30)));
        assertTrue(pids.size() >= 3 + 3, "ranks and their sleeps: " + pids);

        GatewayApi.Response killed = api.delete("/api/v1/jobs/" + pgid);
        assertEquals(202, killed.status(), String.valueOf(killed.body()));
        for (long pid : pids) Kpm.awaitDead(pid, Duration.ofSeconds(20));
        api.awaitJobState(pgid, "ABORTED", Duration.ofSeconds(10));
    }

    /**
     * Ctrl-C kills the job. SIGUSR1 is forwarded to the ranks as mpiexec does: {@code sleep} dies of it, and kpm run
     * exits with the ranks' 128+10 (StdinSignalsTest has ranks that catch it).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "SIG{0}")
    @org.junit.jupiter.params.provider.CsvSource({"INT,130", "USR1,138"})
    @Order(6)
    void aSignalToKpmRunKillsTheJobBeforeItExits(String signal, int exitCode) throws Exception {
        Path out = work.resolve("signal-" + signal + ".out");
        Path err = work.resolve("signal-" + signal + ".err");
        Process run = Kpm.start(work, Map.of(), out, err, "run", "--gateway", gatewayUrl, "-n", "2", "--", "sleep", "300");
        JsonNode job = awaitNewestJobRunning(Duration.ofSeconds(60));
        List<Long> pids = processTree(job);

        new ProcessBuilder("kill", "-" + signal, Long.toString(run.pid())).inheritIO().start().waitFor();
        assertTrue(run.waitFor(30, TimeUnit.SECONDS), "kpm run ended after SIG" + signal);
        assertEquals(exitCode, run.exitValue(), Files.readString(err));
        for (long pid : pids) Kpm.awaitDead(pid, Duration.ofSeconds(20));
    }

    /** mpiexec's MPIEXEC_TIMEOUT, and kpm run --timeout: the job is killed at its limit, exit 255 as mpiexec's. */
    @Test
    @Order(6)
    void aJobPastItsTimeLimitIsKilledAndKpmRunExits255() throws Exception {
        Kpm.Result limited = Kpm.run(work, Map.of("MPIEXEC_TIMEOUT", "2"), Duration.ofSeconds(60),
                "run", "--gateway", gatewayUrl, "-n", "2", "--", "sleep", "60");
        assertEquals(255, limited.exitCode(), limited.toString());
        assertTrue(limited.stderr().contains("timed out"), limited.toString());
        Kpm.Result option = Kpm.run(work, Duration.ofSeconds(60), "run", "--gateway", gatewayUrl, "--timeout", "1",
                "-n", "1", "--", "sleep", "60");
        assertEquals(255, option.exitCode(), option.toString());
    }

    @Test
    @Order(7)
    void stoppingANodeAgentEndsItsProcesses() throws Exception {
        GatewayApi.Response spawned = api.post("/api/v1/spawn", """
                {"apps":[{"cmd":"sleep","argv":["300"],"maxprocs":2,"info":{"hosts":"node-1"}}]}""");
        assertEquals(200, spawned.status(), String.valueOf(spawned.body()));
        long pgid = spawned.body().get("pgid").asLong();
        JsonNode job = api.awaitJobState(pgid, "RUNNING", Duration.ofSeconds(30));
        job.get("ranks").forEach(r -> assertEquals("node-1", r.get("nodeId").asText()));
        List<Long> pids = processTree(job);

        long agentPid = pidOf("node-1");
        ProcessHandle.of(agentPid).orElseThrow().destroy();
        Kpm.awaitDead(agentPid, Duration.ofSeconds(30));
        for (long pid : pids) assertFalse(Kpm.alive(pid), "rank process " + pid + " outlived its node agent");

        Kpm.Result again = Kpm.run(work, Duration.ofMinutes(3), upArgs());
        assertEquals(0, again.exitCode(), "kpm up restarts the stopped agent: " + again);
    }

    @Test
    @Order(8)
    void aNodeAgentKilledWithSigkillTakesItsRanksAndTheirJobFailsNamingTheNode() throws Exception {
        Path out = work.resolve("agent-kill.out");
        Path err = work.resolve("agent-kill.err");
        Process run = Kpm.start(work, Map.of(), out, err, "run", "--gateway", gatewayUrl, "-n", "2", "--hosts", "node-1",
                "--", "sleep", "300");
        JsonNode job = awaitNewestJobRunning(Duration.ofSeconds(60));
        long pgid = job.get("pgid").asLong();
        List<Long> pids = processTree(job);

        long agentPid = pidOf("node-1");
        long t0 = System.nanoTime();
        new ProcessBuilder("kill", "-KILL", Long.toString(agentPid)).inheritIO().start().waitFor();
        Kpm.awaitDead(agentPid, Duration.ofSeconds(10));
        // a rank never outlives its agent, whatever signal ended it
        for (long pid : pids) Kpm.awaitDead(pid, Duration.ofSeconds(10));
        long ranksGone = System.nanoTime();
        // the scheduler declares the node lost after its timeout (10 s) and fails the job, naming the node
        JsonNode failed = api.awaitJobState(pgid, "FAILED", Duration.ofSeconds(40));
        long jobFailed = System.nanoTime();
        System.out.printf("agent SIGKILL: ranks gone after %d ms, job FAILED after %d ms%n",
                (ranksGone - t0) / 1_000_000, (jobFailed - t0) / 1_000_000);
        assertTrue(failed.toString().contains("node node-1 was lost"), failed.toString());
        assertTrue(run.waitFor(30, TimeUnit.SECONDS), "kpm run ended with its job");
        assertTrue(run.exitValue() != 0, "kpm run of a failed job: exit " + run.exitValue());
        assertTrue(Files.readString(err).contains("node-1"), Files.readString(err));

        Kpm.Result again = Kpm.run(work, Duration.ofMinutes(3), upArgs());
        assertEquals(0, again.exitCode(), "kpm up restarts the killed agent: " + again);
    }

    @Test
    @Order(9)
    void everyEventOnEveryTopicValidatesAgainstItsJsonSchema() {
        int checked = 0;
        List<String> problems = new ArrayList<>();
        for (Topics.TopicSpec topic : Topics.ALL) {
            for (ConsumerRecord<String, byte[]> record : TopicReader.readAllRecords(bootstrap, topic.name())) {
                String json = new String(record.value(), java.nio.charset.StandardCharsets.UTF_8);
                List<String> found = EventSchemas.validate(json);
                if (!found.isEmpty()) problems.add(topic.name() + ": " + found + " in " + json);
                checked++;
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked > 50, "events checked: " + checked);
    }

    @Test
    @Order(10)
    void noServiceListensBeyondLoopbackAndNoPmiIdReachesALogOrTheRestApi() throws Exception {
        // every other address of this machine: the stack's ports must refuse there
        List<java.net.InetAddress> others = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                .filter(a -> !a.isLoopbackAddress() && a instanceof java.net.Inet4Address)
                .toList();
        for (java.net.InetAddress address : others) {
            for (int port : new int[] {basePort + 2, basePort + 3, basePort + 4, basePort + 10, basePort + 11}) {
                try (java.net.Socket s = new java.net.Socket()) {
                    s.connect(new java.net.InetSocketAddress(address, port), 1000);
                    throw new AssertionError("port " + port + " answers on " + address + ": kpm must listen on loopback only");
                } catch (java.io.IOException refused) {
                    // what we want
                }
            }
        }
        // no REST without the stack's token
        java.net.http.HttpResponse<String> anonymous = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(gatewayUrl + "/api/v1/jobs")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        // the PMI ids of every job run here appear in no log line of the stack and in no REST answer
        List<String> ids = new ArrayList<>();
        for (KpmEvent e : TopicReader.readAll(bootstrap, Topics.JOBS)) {
            if (e instanceof JobPlaced p) p.ranks().forEach(r -> ids.add(Integer.toString(r.pmiId())));
        }
        assertFalse(ids.isEmpty());
        StringBuilder logs = new StringBuilder();
        try (Stream<Path> files = Files.list(stateDir.resolve("logs"))) {
            for (Path f : files.toList()) logs.append(Files.readString(f));
        }
        StringBuilder rest = new StringBuilder(api.get("/api/v1/jobs").body().toString());
        for (JsonNode job : api.get("/api/v1/jobs").body()) {
            long pgid = job.get("pgid").asLong();
            rest.append(api.get("/api/v1/jobs/" + pgid + "/pmi").body());
            rest.append(Kpm.run(work, Duration.ofSeconds(60), "events", "--json", "--gateway", gatewayUrl,
                    Long.toString(pgid)).stdout());
        }
        for (String id : ids) {
            assertFalse(java.util.regex.Pattern.compile("\\b" + id + "\\b").matcher(logs).find(), "PMI id " + id + " in a log");
            assertFalse(java.util.regex.Pattern.compile("\\b" + id + "\\b").matcher(rest).find(), "PMI id " + id + " in REST");
        }
    }

    @AfterAll
    void downLeavesNoProcessBehind() throws Exception {
        List<Long> pids = allStackPids();
        Kpm.Result down = Kpm.run(work, Duration.ofMinutes(2), "down", "--state-dir", stateDir.toString());
        assertEquals(0, down.exitCode(), down.toString());
        for (long pid : pids) assertFalse(Kpm.alive(pid), "kpm process " + pid + " still running after kpm down");
        List<String> leftovers = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(stateDir.toString())).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList();
        assertEquals(List.of(), leftovers);
    }

    /** The pids of the job's ranks and of every process they started. */
    private static List<Long> processTree(JsonNode job) {
        List<Long> pids = new ArrayList<>();
        for (JsonNode rank : job.get("ranks")) {
            long pid = rank.get("pid").asLong();
            pids.add(pid);
            ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        }
        return pids;
    }

    private JsonNode awaitNewestJobRunning(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode jobs = api.get("/api/v1/jobs").body();
            JsonNode newest = null;
            for (JsonNode j : jobs) if (newest == null || j.get("pgid").asLong() > newest.get("pgid").asLong()) newest = j;
            if (newest != null && "RUNNING".equals(newest.get("state").asText())
                    && !newest.get("ranks").isEmpty() && newest.get("ranks").get(0).hasNonNull("pid")) {
                return newest;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no running job within " + timeout);
    }

    /** The pid in the stack's pid file whose name contains the component's name. */
    private long pidOf(String component) throws Exception {
        try (Stream<Path> files = Files.list(stateDir.resolve("pids"))) {
            Path file = files.filter(f -> f.getFileName().toString().contains(component)).findFirst()
                    .orElseThrow(() -> new AssertionError("no pid file for " + component + " in " + stateDir));
            return Long.parseLong(Files.readString(file).trim());
        }
    }

    private List<Long> allStackPids() throws Exception {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> files = Files.list(stateDir.resolve("pids"))) {
            for (Path f : files.toList()) pids.add(Long.parseLong(Files.readString(f).trim()));
        }
        return pids;
    }
}
