package io.kpm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The README's first command as a user types it, through the {@code ./kpm} launcher: with no stack running,
 * {@code kpm run} starts a private embedded one (a real broker and the three services), runs the job, and stops
 * every process it started.
 */
class PrivateStackTest {

    @Test
    void kpmRunWithoutAStackStartsAPrivateOneAndLeavesNothingBehind() throws Exception {
        Set<Long> stacksBefore = stackProcesses();
        Path work = Files.createDirectories(Kpm.repoRoot().resolve("e2e/target/private-work"));

        Result hostname = launcher(work, "run", "-n", "4", "--", "hostname");
        assertEquals(0, hostname.exitCode(), hostname.toString());
        String expected = new String(new ProcessBuilder("hostname").start().getInputStream().readAllBytes()).trim();
        assertEquals(List.of(expected, expected, expected, expected), hostname.stdout().lines().toList());
        assertTrue(hostname.stderr().contains("private"), "says it starts a private stack: " + hostname.stderr());

        Result missing = launcher(work, "run", "-n", "1", "--", "/no/such/file");
        assertNotEquals(0, missing.exitCode(), missing.toString());
        assertTrue(missing.stderr().contains("/no/such/file: no such file"), missing.toString());

        Set<Long> leftovers = stackProcesses().stream().filter(pid -> !stacksBefore.contains(pid))
                .filter(Kpm::alive).collect(Collectors.toSet());
        assertEquals(Set.of(), leftovers, "processes of the private stacks still running");
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    /** {@code ./kpm ARGS} in the given directory, with no KPM_GATEWAY that could point at another stack. */
    private static Result launcher(Path work, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Kpm.repoRoot().resolve("kpm").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("kpm-out", ".txt");
        Path err = Files.createTempFile("kpm-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.remove("KPM_GATEWAY");
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("./kpm " + String.join(" ", args) + " did not finish: " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Every process started as part of some kpm stack (they carry -Dkpm.stack=<state dir>). */
    private static Set<Long> stackProcesses() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("-Dkpm.stack=")).orElse(false))
                .map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
