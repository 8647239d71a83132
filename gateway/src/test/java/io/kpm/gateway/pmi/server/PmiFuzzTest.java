package io.kpm.gateway.pmi.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.gateway.pmi.group.ProcessGroups;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Thousands of mutated PMI-1 and PMI-2 sessions against the real gateway (seeded, so a failure replays), and the
 * attacks of issue 11 as such. After each batch a real two-rank group still joins and passes a barrier, and the
 * gateway's threads, file descriptors and heap stay bounded.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class PmiFuzzTest {

    private static final int BATCHES = 8;
    private static final int SESSIONS_PER_BATCH = 250;

    @Inject
    PmiServer server;

    @Inject
    ProcessGroups groups;

    /** Real sessions the mutations start from: what MPICH and libpmi2 send. */
    private static final List<byte[]> SEEDS = List.of(
            bytes("cmd=init pmi_version=1 pmi_subversion=1\ncmd=get_maxes\ncmd=get_appnum\ncmd=get_my_kvsname\n"
                    + "cmd=put kvsname=kvs_kpm_1 key=k value=v\ncmd=barrier_in\ncmd=get kvsname=kvs_kpm_1 key=k\n"
                    + "cmd=publish_name service=s port=p\ncmd=lookup_name service=s\ncmd=finalize\n"),
            bytes("cmd=initack pmiid=123456789\ncmd=init pmi_version=1 pmi_subversion=1\ncmd=get_universe_size\n"),
            bytes("mcmd=spawn\nnprocs=2\nexecname=/bin/true\ntotspawns=1\nspawnssofar=1\nargcnt=1\narg1=a b\n"
                    + "preput_num=0\ninfo_num=1\ninfo_key_0=wdir\ninfo_val_0=/tmp\nendcmd\n"),
            bytes("cmd=abort exitcode=1 message=internal ABORT - process 1\nsecond line\n"),
            bytes("cmd=init pmi_version=2 pmi_subversion=0\n" + frame("cmd=fullinit;pmirank=123456789;")
                    + frame("cmd=job-getid;") + frame("cmd=kvs-put;key=k;value=v;") + frame("cmd=kvs-fence;")
                    + frame("cmd=spawn;ncmds=1;preputcount=0;subcmd=/bin/true;maxprocs=1;argc=1;argv0=x ; y;infokeycount=0;")
                    + frame("cmd=name-lookup;name=s;") + frame("cmd=finalize;")));

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String frame(String body) {
        return String.format("%-6d", body.getBytes(StandardCharsets.UTF_8).length) + body;
    }

    /** One mutated session: flips, cuts, repeats, inserts garbage, huge lines or lying lengths. */
    static byte[] mutate(Random random, byte[] seed) {
        byte[] out = seed.clone();
        int edits = 1 + random.nextInt(6);
        for (int e = 0; e < edits; e++) {
            switch (random.nextInt(8)) {
                case 0 -> { // flip bytes
                    for (int i = 0; i < 1 + random.nextInt(8) && out.length > 0; i++) {
                        out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> out = java.util.Arrays.copyOf(out, random.nextInt(out.length + 1)); // cut
                case 2 -> out = concat(out, out); // repeat
                case 3 -> { // random bytes, NUL and '=' among them
                    byte[] junk = new byte[random.nextInt(300)];
                    random.nextBytes(junk);
                    out = concat(out, junk);
                }
                case 4 -> out = concat(out, bytes("x".repeat(1000 + random.nextInt(5000)) + "\n")); // over-long line
                case 5 -> out = concat(out, bytes(String.format("%-6d", random.nextInt(1_000_000)) + "cmd=kvs-get;")); // lying length
                case 6 -> { // a spawn that never ends
                    StringBuilder b = new StringBuilder("mcmd=spawn\n");
                    for (int i = 0; i < 50 + random.nextInt(500); i++) b.append("arg").append(i).append("=").append("y".repeat(500)).append('\n');
                    out = concat(out, bytes(b.toString()));
                }
                default -> out = concat(out, bytes("cmd=" + Long.toHexString(random.nextLong()) + " a=b\n"));
            }
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Sends the session, reads what comes back for a moment, and hangs up (as a crashing client would). */
    private void session(byte[] data, int readMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.boundPort()), 2000);
            socket.setSoTimeout(readMillis);
            OutputStream out = socket.getOutputStream();
            out.write(data);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                while (in.read(buffer) >= 0) {
                    // drain until the server is quiet or closes
                }
            } catch (java.net.SocketTimeoutException quiet) {
                // the server waits for more, or holds a barrier: fine
            }
        } catch (IOException e) {
            // the server may refuse or close mid-write: that is an answer too
        }
    }

    private void aRealGroupStillRuns() throws Exception {
        PmiGroupsFixture fixture = new PmiGroupsFixture(server, groups);
        PmiServerTest.Group g = fixture.group(2, null, Map.of());
        long t0 = System.nanoTime();
        try (PmiTestClient r0 = fixture.connect(); PmiTestClient r1 = fixture.connect()) {
            PmiGroupsFixture.mpichInit(r0, g, 0);
            PmiGroupsFixture.mpichInit(r1, g, 1);
            PmiServerTest.barrier(r0, r1);
            assertEquals("cmd=finalize_ack", r0.ask("cmd=finalize"));
            assertEquals("cmd=finalize_ack", r1.ask("cmd=finalize"));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(millis < 5_000, "a real group took " + millis + " ms to init, barrier and finalize");
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void mutatedSessionsNeverHurtARealJobOrGrowTheGateway() throws Exception {
        Random random = new Random(20261202L);
        aRealGroupStillRuns();
        int threads0 = threads();
        long files0 = openFiles();
        long heap0 = heapAfterGc();
        List<String> trace = new ArrayList<>();
        for (int batch = 0; batch < BATCHES; batch++) {
            for (int i = 0; i < SESSIONS_PER_BATCH; i++) {
                session(mutate(random, SEEDS.get(random.nextInt(SEEDS.size()))), 5);
            }
            aRealGroupStillRuns();
            // closed sessions are gone within a moment; identified ones are not left behind either
            Thread.sleep(200);
            int threads = threads();
            long files = openFiles();
            long heap = heapAfterGc();
            trace.add("batch " + batch + ": threads " + threads + ", fds " + files + ", heap " + heap / (1024 * 1024) + " MB");
            assertTrue(threads <= threads0 + 20, "threads grew: " + trace);
            assertTrue(files <= files0 + 64, "file descriptors grew: " + trace);
            assertTrue(heap <= heap0 + 96L * 1024 * 1024, "heap grew: " + trace);
        }
    }

    @Test
    void spawnBlocksThatNeverEndAreCutAndTheGatewayKeepsServing() throws Exception {
        List<Thread> attackers = new ArrayList<>();
        for (int a = 0; a < 4; a++) {
            Thread t = new Thread(() -> {
                StringBuilder b = new StringBuilder("mcmd=spawn\n");
                for (int i = 0; i < 8_000; i++) b.append("arg").append(i).append('=').append("z".repeat(1000)).append('\n');
                session(bytes(b.toString()), 2000);
            });
            t.start();
            attackers.add(t);
        }
        aRealGroupStillRuns();
        for (Thread t : attackers) t.join(30_000);
        long t0 = System.nanoTime();
        aRealGroupStillRuns();
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 1_000, "serving again within 1 s");
    }

    @Test
    void aConnectionThatNeverIdentifiesIsClosed() throws Exception {
        try (Socket idle = new Socket("127.0.0.1", server.boundPort())) {
            idle.setSoTimeout(15_000);
            long t0 = System.nanoTime();
            byte[] answer = idle.getInputStream().readAllBytes();
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
            assertTrue(new String(answer, StandardCharsets.UTF_8).contains("not_identified_within"),
                    new String(answer, StandardCharsets.UTF_8));
            assertTrue(seconds < 10, "closed after " + seconds + " s");
        }
    }
}
