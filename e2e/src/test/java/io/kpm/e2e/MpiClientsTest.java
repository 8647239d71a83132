package io.kpm.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.kpm.broker.TopicReader;
import io.kpm.schemas.Topics;
import io.kpm.schemas.serde.EventSchemas;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.OutputChunk;
import io.kpm.schemas.events.OutputStream;

/**
 * Real MPI programs and real PMI client libraries (MPICH 4.0.2 and its simple PMI-1 client, Slurm's libpmi2)
 * under {@code kpm run} on a stack of two simulated nodes with two cores each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MpiClientsTest {

    private Path work;
    private Path bin;
    private Path stateDir;
    private String gatewayUrl;
    private String bootstrap;

    @BeforeAll
    void buildClientsAndStartTheStack() throws Exception {
        Path target = Kpm.repoRoot().resolve("e2e/target");
        work = Files.createDirectories(target.resolve("mpi-work"));
        bin = Files.createDirectories(target.resolve("mpi-bin"));
        // the same real-client drivers the gateway's own tests use
        Path src = Kpm.repoRoot().resolve("gateway/src/test/c");
        compile("mpicc.mpich", "-O2", "-o", bin.resolve("mpi_hello").toString(), src.resolve("mpi_hello.c").toString());
        compile("mpicc.mpich", "-O2", "-o", bin.resolve("mpi_fail").toString(),
                Kpm.repoRoot().resolve("e2e/src/test/c/mpi_fail.c").toString());
        compile("gcc", "-O2", "-o", bin.resolve("pmi1_driver").toString(), src.resolve("pmi1_driver.c").toString(),
                "/usr/lib/x86_64-linux-gnu/libmpich.a", "-lm", "-lpthread");
        compile("gcc", "-O2", "-o", bin.resolve("pmi2_driver").toString(), src.resolve("pmi2_driver.c").toString(), "-lpmi2");

        stateDir = target.resolve("mpi-stack-" + System.nanoTime());
        int basePort = Kpm.freeBasePort();
        gatewayUrl = "http://127.0.0.1:" + (basePort + 2);
        bootstrap = "127.0.0.1:" + basePort;
        Kpm.Result up = Kpm.run(work, Duration.ofMinutes(4), "up", "--nodes", "2", "--cores", "2",
                "--base-port", Integer.toString(basePort), "--state-dir", stateDir.toString());
        assertEquals(0, up.exitCode(), up.toString());
    }

    @AfterAll
    void down() throws Exception {
        Kpm.Result down = Kpm.run(work, Duration.ofMinutes(2), "down", "--state-dir", stateDir.toString());
        assertEquals(0, down.exitCode(), down.toString());
    }

    private static void compile(String... command) throws Exception {
        Kpm.compile("are mpich, libmpich-dev, libpmi2-0-dev installed? .ci/run installs them", command);
    }

    /**
     * Runs with the drivers' directory on PATH: the second spawn command names the driver by its bare name with
     * no path info key, and spawned groups get their spawner's environment, as under Hydra.
     */
    private Kpm.Result kpmRun(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("run", "--gateway", gatewayUrl,
                "--env", "PATH=" + bin + ":" + System.getenv("PATH")));
        all.addAll(List.of(args));
        return Kpm.run(work, Duration.ofMinutes(2), all.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void mpiHelloComputesTheRightAllreduceAndRingTokenOn1To8Ranks() throws Exception {
        for (int n : new int[] {1, 2, 4, 8}) {
            Kpm.Result run = kpmRun("-n", Integer.toString(n), "--", bin.resolve("mpi_hello").toString());
            assertEquals(0, run.exitCode(), "mpi_hello -n " + n + ": " + run);
            List<String> lines = run.stdout().lines().filter(l -> l.startsWith("hello ")).sorted().toList();
            assertEquals(n, lines.size(), run.toString());
            for (int rank = 0; rank < n; rank++) {
                int token = n == 1 ? -1 : rank == 0 ? 1000 + n - 1 : 1000 + rank;
                String expected = "hello rank=" + rank + " size=" + n + " allreduce_sum=" + n * (n - 1) / 2
                        + " (expect " + n * (n - 1) / 2 + ") ring_token=" + token + " parent=NULL";
                assertTrue(lines.stream().anyMatch(l -> l.startsWith(expected)), expected + " in\n" + run);
            }
        }
    }

    @Test
    @Order(2)
    void theMpichPmi1ClientCompletesEveryCallIncludingATwoCommandSpawn() throws Exception {
        Kpm.Result run = kpmRun("-l", "-n", "2", "--", bin.resolve("pmi1_driver").toString());
        assertEquals(0, run.exitCode(), run.toString());
        String out = run.stdout();
        assertTrue(out.lines().anyMatch(l -> l.startsWith("[1] [pmi1 r1] finalize rc=0")), out);
        assertTrue(out.contains("[pmi1 r0] init rc=0 spawned=0 size=2 appnum=0"), out);
        assertTrue(out.contains("[pmi1 r1] get key-from-0 rc=0 val=value_with=equals;semicolon-from-0"), out);
        assertTrue(out.contains("[pmi1 r0] lookup rc=0 port=port-of-svc1"), out);
        assertTrue(out.contains("[pmi1 r0] spawn rc=0 errors=0,0,0"), out);
        assertTrue(out.contains("[pmi1 r1] finalize rc=0"), out);

        long child = newestPgid();
        // like mpiexec, kpm run printed the spawned group's output, labelled with its pgid, before it returned
        for (int rank = 0; rank < 3; rank++) {
            String label = "[" + child + "," + rank + "] ";
            assertTrue(out.lines().anyMatch(l -> l.startsWith(label) && l.contains("get PMI_process_mapping")), out);
        }
        String children = awaitOutput(child, 3, "get PMI_process_mapping");
        assertTrue(children.contains("get PARENT_ROOT_PORT_NAME rc=0 val=fake-port-name-from-parent"), children);
        assertTrue(children.contains("argv1=a0-arg1"), children);
        assertTrue(children.contains("argv1=a1-arg1"), children);
        assertTrue(children.contains("spawned=1 size=3 appnum=0"), "first command's children: appnum 0\n" + children);
        assertTrue(children.contains("spawned=1 size=3 appnum=1"), "second command's child: appnum 1\n" + children);
    }

    @Test
    @Order(3)
    void slurmsLibpmi2CompletesEveryCallIncludingATwoCommandSpawn() throws Exception {
        Kpm.Result run = kpmRun("-n", "2", "--", bin.resolve("pmi2_driver").toString());
        assertEquals(0, run.exitCode(), run.toString());
        String out = run.stdout();
        assertTrue(out.contains("[pmi2 r0] PMI2_Init rc=0 spawned=0 size=2 rank=0 appnum=0"), out);
        assertTrue(out.contains("[pmi2 r0] KVS_Get key-1 (src=1) rc=0"), out);
        assertTrue(out.contains("val=[val;with;semicolons=and spaces from 1;]"), out);
        assertTrue(out.contains("[pmi2 r0] GetJobAttr universeSize rc=0 found=1 val=4"), out);
        assertTrue(out.contains("[pmi2 r0] Nameserv_lookup rc=0 port=port-of-svc2"), out);
        long child = newestPgid();
        assertTrue(out.contains("[pmi2 r0] Job_Spawn rc=0 newjob=kvs_kpm_" + child), out);

        // kpm run waited for the spawned group and printed its output, as mpiexec does
        assertEquals(3 + 2, out.lines().filter(l -> l.contains("Finalize rc=0")).count(), out);
        assertTrue(out.contains("spawned=1 size=3 rank=2 appnum=1"), out);
        String children = awaitOutput(child, 3, "Finalize rc=0");
        assertTrue(children.contains("KVS_Get PARENT_ROOT_PORT_NAME rc=0 val=fake-port;name"), children);
        assertTrue(children.contains("argv1=c0-arg1"), children);
        assertTrue(children.contains("argv1=c1-arg1"), children);
        assertTrue(children.contains("spawned=1 size=3 rank=0 appnum=0"), children);
        assertTrue(children.contains("spawned=1 size=3 rank=2 appnum=1"), children);

        Kpm.Result pmiLog = Kpm.run(work, Duration.ofSeconds(30), "pmi-log", "--gateway", gatewayUrl,
                Long.toString(child - 1), "--rank", "0");
        assertEquals(0, pmiLog.exitCode(), pmiLog.toString());
        assertTrue(pmiLog.stdout().lines().anyMatch(l -> l.contains("cmd=spawn;ncmds=2") && l.contains("spawn-response;rc=0;jobid=kvs_kpm_" + child)),
                "the spawning rank's PMI log shows the spawn and its answer:\n" + pmiLog.stdout());

        assertFamilyTimeline(child - 1, child);

        Kpm.Result jobs = Kpm.run(work, Duration.ofSeconds(30), "jobs", "--gateway", gatewayUrl);
        assertEquals(0, jobs.exitCode(), jobs.toString());
        assertTrue(jobs.stdout().lines().anyMatch(l -> l.trim().startsWith(Long.toString(child - 1))), jobs.stdout());
        assertTrue(jobs.stdout().lines().anyMatch(l -> l.trim().startsWith(Long.toString(child))), jobs.stdout());
    }

    @Test
    @Order(4)
    void mpiAbortEndsTheJobWithItsExitCode() throws Exception {
        Kpm.Result run = kpmRun("-n", "2", "--", bin.resolve("mpi_fail").toString(), "abort");
        assertEquals(7, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("aborted"), run.toString());
    }

    @Test
    @Order(5)
    void aRankThatExitsWithoutFinalizeFailsTheJobInsteadOfHangingIt() throws Exception {
        Kpm.Result run = kpmRun("-n", "2", "--", bin.resolve("mpi_fail").toString(), "exit");
        assertEquals(3, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("rank 1 exited without PMI finalize"), run.toString());
    }

    @Test
    @Order(6)
    void replayRemakesEveryDecisionOfMpiJobsAndTheGroupsTheySpawned() throws Exception {
        Kpm.Result replay = Kpm.run(work, Duration.ofMinutes(2), "replay", "--bootstrap", bootstrap, "--check");
        assertEquals(0, replay.exitCode(), replay.toString());
        assertTrue(replay.stdout().contains(": 0 differences"), replay.stdout());
        assertTrue(replay.stdout().contains("0 unanswered"), replay.stdout());
        // the groups spawned from ranks are placed like any job: their placements are re-made too
        assertTrue(replay.stdout().contains((newestPgid() + 1) + " placements"), replay.stdout());
    }

    /**
     * `kpm events` of a job that spawned: its request, placement and ranks, then its rank's spawn request, the
     * child group placed, started and exited, and the parent's end, each line naming its job; --json
     * validates against the schemas.
     */
    private void assertFamilyTimeline(long parent, long child) throws Exception {
        String p = "job " + parent + " ";
        String c = "job " + child + " ";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Kpm.Result events = Kpm.run(work, Duration.ofSeconds(60), "events", "--gateway", gatewayUrl,
                    Long.toString(parent));
            assertEquals(0, events.exitCode(), events.toString());
            List<String> lines = events.stdout().lines().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
            List<String> expectedInOrder = List.of(p + "SpawnRequested", p + "JobAccepted", p + "JobPlaced",
                    p + "ProcStarted", p + "SpawnRequested request=", c + "JobAccepted", c + "JobPlaced",
                    c + "ProcStarted");
            int at = 0;
            for (String expected : expectedInOrder) {
                int from = at;
                at = indexFrom(lines, from, expected);
                assertTrue(at >= 0, "'" + expected + "' after line " + from + " in:\n" + events.stdout());
                at++;
            }
            // the parent may end before or after its children: both come after the children started
            assertTrue(indexFrom(lines, at, c + "ProcExited") >= 0, events.stdout());
            assertTrue(indexFrom(lines, at, p + "JobFinished") >= 0, events.stdout());
            assertEquals(2, lines.stream().filter(l -> l.startsWith(p + "ProcStarted")).count(), events.stdout());
            assertEquals(3, lines.stream().filter(l -> l.startsWith(c + "ProcExited")).count(), events.stdout());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(p + "SpawnRequested") && l.contains("spawner=" + parent)
                    && l.contains("rank=0") && l.contains("procs=3")), events.stdout());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(c + "JobFinished exit=0")), events.stdout());
        });
        Kpm.Result json = Kpm.run(work, Duration.ofSeconds(60), "events", "--json", "--gateway", gatewayUrl,
                Long.toString(parent));
        assertEquals(0, json.exitCode(), json.toString());
        assertTrue(json.stdout().lines().count() > 15, json.stdout());
        for (String line : json.stdout().lines().toList()) assertEquals(List.of(), EventSchemas.validate(line), line);
    }

    private static int indexFrom(List<String> lines, int from, String prefix) {
        for (int i = from; i < lines.size(); i++) if (lines.get(i).startsWith(prefix)) return i;
        return -1;
    }

    private long newestPgid() {
        return TopicReader.readAll(bootstrap, Topics.JOBS).stream().filter(e -> e instanceof JobAccepted)
                .mapToLong(e -> ((JobAccepted) e).pgid()).max().orElseThrow();
    }

    /** The stdout of a job's ranks, once `lines` lines contain the marker (children run on after the parent). */
    private String awaitOutput(long pgid, int lines, String marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String text = "";
        while (System.nanoTime() < deadline) {
            StringBuilder all = new StringBuilder();
            TopicReader.readAll(bootstrap, Topics.PROC_OUTPUT).stream()
                    .filter(e -> e instanceof OutputChunk c && c.pgid() == pgid && c.stream() == OutputStream.STDOUT)
                    .forEach(e -> all.append(new String(((OutputChunk) e).data(), StandardCharsets.UTF_8)));
            text = all.toString();
            if (text.lines().filter(l -> l.contains(marker)).count() >= lines) return text;
            Thread.sleep(200);
        }
        throw new AssertionError("job " + pgid + " did not print " + lines + " lines with '" + marker + "': " + text);
    }
}
