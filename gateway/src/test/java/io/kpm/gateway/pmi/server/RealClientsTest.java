package io.kpm.gateway.pmi.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.gateway.TestEvents;
import io.kpm.gateway.pmi.group.ProcessGroups;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.RankPlacement;
import io.kpm.schemas.events.SpawnCompleted;
import io.kpm.schemas.events.SpawnRequested;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Real client libraries against the gateway (src/test/c, from shared/reference-clients): MPICH 4.0.2's MPI
 * library (PMI-1) and Slurm's libpmi2, started as the node agent would start them. Skipped where the
 * compilers or libraries are not installed (Debian: mpich, libmpich-dev, libpmi2-0-dev).
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class RealClientsTest {

    @Inject
    PmiServer server;

    @Inject
    ProcessGroups groups;

    static final Path OUT = Path.of("target", "real-clients");

    /** Every process a test started, ended by its own handle when the test is over (also on failure). */
    final List<Process> started = new ArrayList<>();

    @AfterEach
    void endStartedProcesses() {
        started.stream().filter(Process::isAlive).forEach(Process::destroyForcibly);
    }

    static Path build(String source, String... command) throws Exception {
        Files.createDirectories(OUT);
        Path exe = OUT.resolve(source.replace(".c", "")).toAbsolutePath();
        if (Files.isExecutable(exe)) return exe;
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.replaceAll(s -> s.replace("$OUT", exe.toString()).replace("$SRC", Path.of("src/test/c", source).toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // the toolchain is there (checked before): a failed build is a real failure, not a reason to skip
        org.junit.jupiter.api.Assertions.assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0,
                "cannot build " + source + ": " + log);
        return exe;
    }

    static boolean exists(String file) {
        return new File(file).exists();
    }

    record Group(long pgid, String kvsname, int[] pmiIds) {
    }

    Group publish(long pgid, int size, Long spawner, Map<String, String> preput, String requestId, List<AppSpec> apps) {
        String kvsname = "kvs_kpm_" + pgid;
        int[] ids = new int[size];
        List<RankPlacement> ranks = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            ids[r] = 1 + ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE - 1);
            ranks.add(new RankPlacement(r, "node-0", 0, ids[r]));
        }
        TopicReader.publish(TestEvents.bootstrap(),
                new JobAccepted(TestEvents.meta(), pgid, requestId, kvsname, spawner, size, apps, preput, Map.of(),
                        server.advertisedEndpoint()),
                new JobPlaced(TestEvents.meta(), pgid, kvsname, size, List.of("node-0"), ranks, "(vector,(0,1," + size + "))"));
        await().atMost(Duration.ofSeconds(20)).until(() -> groups.findByPmiId(ids[size - 1]).isPresent());
        return new Group(pgid, kvsname, ids);
    }

    Process start(Path exe, Group g, int rank, boolean spawned, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PMI_PORT", server.advertisedEndpoint());
        pb.environment().put("PMI_ID", Integer.toString(g.pmiIds()[rank]));
        pb.environment().put("PMI_JOBID", g.kvsname());
        if (spawned) pb.environment().put("PMI_SPAWNED", "1");
        Process p = pb.start();
        started.add(p);
        return p;
    }

    static String finish(Process p) throws Exception {
        try {
            boolean done = p.waitFor(60, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(done, "still running: " + out);
            assertEquals(0, p.exitValue(), out);
            return out;
        } finally {
            if (p.isAlive()) p.destroyForcibly();
        }
    }

    @Test
    void mpichHelloWithTwoRanks() throws Exception {
        assumeTrue(exists("/usr/bin/mpicc.mpich"), "mpicc.mpich not installed");
        Path exe = build("mpi_hello.c", "mpicc.mpich", "-o", "$OUT", "$SRC");
        long pgid = TestEvents.uniquePgid();
        AppSpec app = new AppSpec(exe.toString(), List.of(), Map.of(), null, null, 2, List.of(), null, Map.of());
        Group g = publish(pgid, 2, null, Map.of(), "r-" + pgid, List.of(app));
        Process r0 = start(exe, g, 0, false, List.of());
        Process r1 = start(exe, g, 1, false, List.of());
        String out0 = finish(r0);
        String out1 = finish(r1);
        assertTrue(out0.contains("hello rank=0 size=2 allreduce_sum=1 (expect 1) ring_token=1001 parent=NULL"), out0);
        assertTrue(out1.contains("hello rank=1 size=2 allreduce_sum=1 (expect 1)"), out1);
    }

    @Test
    void libpmi2DriverWithTwoRanksAndATwoCommandSpawn() throws Exception {
        assumeTrue(exists("/usr/include/slurm/pmi2.h"), "libpmi2 not installed");
        Path exe = build("pmi2_driver.c", "gcc", "-O2", "-o", "$OUT", "$SRC", "-lpmi2");
        long pgid = TestEvents.uniquePgid();
        AppSpec app = new AppSpec(exe.toString(), List.of(), Map.of(), null, null, 2, List.of(), null, Map.of());
        Group parent = publish(pgid, 2, null, Map.of(), "r-" + pgid, List.of(app));
        Process r0 = start(exe, parent, 0, false, List.of());
        Process r1 = start(exe, parent, 1, false, List.of());

        // the test plays scheduler and node agent for the spawn
        SpawnRequested request = TopicReader.await(TestEvents.bootstrap(), Topics.SPAWN_REQUESTS, SpawnRequested.class,
                e -> Long.valueOf(pgid).equals(e.spawnerPgid()), Duration.ofSeconds(30));
        assertEquals(Map.of("PARENT_ROOT_PORT_NAME", "fake-port;name", "extra-preput", "pp-value"), request.preput());
        assertEquals(List.of("c0-arg1", "arg;with;semis and spaces"), request.apps().get(0).argv());
        long childPgid = TestEvents.uniquePgid();
        Group child = publish(childPgid, 3, pgid, request.preput(), request.requestId(), request.apps());
        List<Process> children = new ArrayList<>();
        children.add(start(exe, child, 0, true, request.apps().get(0).argv()));
        children.add(start(exe, child, 1, true, request.apps().get(0).argv()));
        children.add(start(exe, child, 2, true, request.apps().get(1).argv()));
        TopicReader.publish(TestEvents.bootstrap(), new SpawnCompleted(TestEvents.meta(), request.requestId(), childPgid,
                child.kvsname(), List.of(0, 0, 0)));

        String out0 = finish(r0);
        String out1 = finish(r1);
        assertTrue(out0.contains("KVS_Get key-1 (src=1) rc=0 vallen=") && out0.contains("val=[val;with;semicolons=and spaces from 1;]"), out0);
        assertTrue(out0.contains("GetJobAttr PMI_process_mapping rc=0 found=1 val=(vector,(0,1,2))"), out0);
        assertTrue(out0.contains("Nameserv_lookup rc=0 port=port-of-svc2"), out0);
        assertTrue(out0.contains("Job_Spawn rc=0 newjob=" + child.kvsname()), out0);
        assertTrue(out1.contains("GetNodeAttr nodekey-0 (wait) rc=0 found=1 val=nodeval"), out1);
        for (Process c : children) {
            String out = finish(c);
            assertTrue(out.contains("spawned=1"), out);
            assertTrue(out.contains("KVS_Get PARENT_ROOT_PORT_NAME rc=0 val=fake-port;name"), out);
            assertTrue(out.contains("Finalize rc=0"), out);
        }
    }

    @Test
    void mpichSimplePmi1DriverWithTwoRanksAndATwoCommandSpawn() throws Exception {
        String archive = "/usr/lib/x86_64-linux-gnu/libmpich.a";
        assumeTrue(exists(archive), "libmpich.a not installed");
        Path objects = OUT.resolve("mpich-pmi").toAbsolutePath();
        Files.createDirectories(objects);
        Process ar = new ProcessBuilder("ar", "x", archive, "lib_libmpich_la-simple_pmi.o", "lib_libmpich_la-simple_pmiutil.o")
                .directory(objects.toFile()).redirectErrorStream(true).start();
        assumeTrue(ar.waitFor(60, TimeUnit.SECONDS) && ar.exitValue() == 0, "cannot extract the PMI objects");
        Path exe = build("pmi1_driver.c", "gcc", "-O2", "-o", "$OUT", "$SRC",
                objects.resolve("lib_libmpich_la-simple_pmi.o").toString(),
                objects.resolve("lib_libmpich_la-simple_pmiutil.o").toString(), archive, "-lm", "-lpthread");
        long pgid = TestEvents.uniquePgid();
        AppSpec app = new AppSpec(exe.toString(), List.of(), Map.of(), null, null, 2, List.of(), null, Map.of());
        Group parent = publish(pgid, 2, null, Map.of(), "r-" + pgid, List.of(app));
        Process r0 = start(exe, parent, 0, false, List.of());
        Process r1 = start(exe, parent, 1, false, List.of());

        SpawnRequested request = TopicReader.await(TestEvents.bootstrap(), Topics.SPAWN_REQUESTS, SpawnRequested.class,
                e -> Long.valueOf(pgid).equals(e.spawnerPgid()), Duration.ofSeconds(30));
        assertEquals(List.of("a0-arg1", "arg with spaces"), request.apps().get(0).argv());
        assertEquals("/tmp", request.apps().get(0).wdir());
        assertEquals("/", request.apps().get(1).wdir());
        long childPgid = TestEvents.uniquePgid();
        Group child = publish(childPgid, 3, pgid, request.preput(), request.requestId(), request.apps());
        List<Process> children = new ArrayList<>();
        children.add(start(exe, child, 0, true, request.apps().get(0).argv()));
        children.add(start(exe, child, 1, true, request.apps().get(0).argv()));
        children.add(start(exe, child, 2, true, request.apps().get(1).argv()));
        TopicReader.publish(TestEvents.bootstrap(), new SpawnCompleted(TestEvents.meta(), request.requestId(), childPgid,
                child.kvsname(), List.of(0, 0, 0)));

        String out0 = finish(r0);
        String out1 = finish(r1);
        assertTrue(out0.contains("[pmi1 r0] init rc=0 spawned=0 size=2 appnum=0"), out0);
        assertTrue(out0.contains("get key-from-1 rc=0 val=value_with=equals;semicolon-from-1"), out0);
        assertTrue(out0.contains("[pmi1 r0] lookup rc=0 port=port-of-svc1"), out0);
        assertTrue(out0.contains("[pmi1 r0] spawn rc=0 errors=0,0,0"), out0);
        assertTrue(out1.contains("[pmi1 r1] finalize rc=0"), out1);
        for (Process c : children) {
            String out = finish(c);
            assertTrue(out.contains("spawned=1 size=3"), out);
            assertTrue(out.contains("get PARENT_ROOT_PORT_NAME rc=0 val=fake-port-name-from-parent"), out);
        }
    }
}
