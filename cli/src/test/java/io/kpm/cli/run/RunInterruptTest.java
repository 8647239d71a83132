package io.kpm.cli.run;

import static io.kpm.cli.http.FakeGateway.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kpm.cli.http.FakeGateway;

/** Ctrl-C during `kpm run`, with the command as a real process: the job is killed and its last output drained. */
class RunInterruptTest {

    @Test
    void ctrlCKillsTheJobDrainsItsOutputAndExits130(@TempDir Path dir) throws Exception {
        try (FakeGateway gateway = new FakeGateway()) {
            gateway.outputEvents = List.of(output(0, "STDOUT", "before\n"));
            gateway.afterDelete = List.of(output(0, "STDOUT", "last words\n"));
            gateway.jobView = "{\"pgid\":7,\"state\":\"ABORTED\",\"exitCode\":143,\"reason\":\"killed\"}";
            Path out = dir.resolve("out");
            Path err = dir.resolve("err");
            Process kpm = startKpmRun(gateway, out, err);
            try {
                assertTrue(gateway.outputOpened.await(30, TimeUnit.SECONDS), "kpm run never read the output");
                signal(kpm.pid());
                assertTrue(kpm.waitFor(30, TimeUnit.SECONDS), "kpm run did not exit");
                assertEquals(130, kpm.exitValue(), Files.readString(err));
                assertTrue(gateway.requests.contains("DELETE /api/v1/jobs/7"), gateway.requests.toString());
                assertEquals("before\nlast words\n", Files.readString(out, StandardCharsets.UTF_8));
                assertTrue(Files.readString(err).contains("kpm run: interrupted; killing job 7"), Files.readString(err));
                assertFalse(Files.readString(err).contains("was aborted"), "the hook reports, not the main thread");
            } finally {
                kpm.destroyForcibly();
            }
        }
    }

    @Test
    void ctrlCAlsoKillsTheGroupsTheJobSpawned(@TempDir Path dir) throws Exception {
        try (FakeGateway gateway = new FakeGateway()) {
            gateway.jobList = "[{\"pgid\":7,\"state\":\"RUNNING\"},{\"pgid\":8,\"spawnerPgid\":7,\"state\":\"RUNNING\"}]";
            gateway.outputEvents = List.of(output(0, "STDOUT", "parent\n"));
            gateway.outputEventsByPgid = java.util.Map.of(8L, List.of(output(0, "STDOUT", "child\n")));
            gateway.afterDelete = List.of();
            gateway.jobView = "{\"pgid\":7,\"state\":\"ABORTED\",\"exitCode\":143,\"reason\":\"killed\"}";
            Path out = dir.resolve("out");
            Path err = dir.resolve("err");
            Process kpm = startKpmRun(gateway, out, err);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!gateway.requests.contains("GET /api/v1/jobs/8/output") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertTrue(gateway.requests.contains("GET /api/v1/jobs/8/output"), "kpm run never followed job 8");
                signal(kpm.pid());
                assertTrue(kpm.waitFor(30, TimeUnit.SECONDS), "kpm run did not exit");
                assertEquals(130, kpm.exitValue(), Files.readString(err));
                assertTrue(gateway.requests.contains("DELETE /api/v1/jobs/7"), gateway.requests.toString());
                assertTrue(gateway.requests.contains("DELETE /api/v1/jobs/8"), gateway.requests.toString());
                assertEquals(List.of("child", "parent"),
                        Files.readString(out, StandardCharsets.UTF_8).lines().sorted().toList());
            } finally {
                kpm.destroyForcibly();
            }
        }
    }

    /** `kpm run -n 1 -- sleep 100` against the fake gateway, as a process of its own (signals reach only it). */
    private static Process startKpmRun(FakeGateway gateway, Path out, Path err) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), "io.kpm.cli.Kpm",
                "run", "--gateway", gateway.url(), "-n", "1", "--", "sleep", "100")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    /** SIGINT as a terminal's Ctrl-C sends it; SIGTERM (same handling) where this JVM was started with SIGINT ignored. */
    private static void signal(long pid) throws IOException, InterruptedException {
        String name = sigintIgnored() ? "TERM" : "INT";
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    private static boolean sigintIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 0b10) != 0;
        }
        return false;
    }
}
