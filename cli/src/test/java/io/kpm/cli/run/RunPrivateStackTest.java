package io.kpm.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kpm.cli.Kpm;
import io.kpm.cli.stack.FakeServices;

/** `kpm run` with no stack up: a private stack (stand-in services) for the run, gone afterwards. */
class RunPrivateStackTest {

    @Test
    void startsAPrivateStackForTheRunAndStopsItAfterwards(@TempDir Path home) throws Exception {
        FakeServices.create(home, false);
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = privateStateDirs(tmp);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        System.setProperty("kpm.home", home.toString());
        int code;
        try {
            code = Kpm.commandLine().execute("run", "-n", "1", "--", "hostname");
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
            System.clearProperty("kpm.home");
        }
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertEquals(5, code, err);
        assertEquals("private hello\n", stdout.toString(StandardCharsets.UTF_8));
        assertEquals(RunCommand.PRIVATE_STACK_NOTICE + "\n", err);
        assertEquals(before, privateStateDirs(tmp), "the private state directory is removed");
        List<ProcessHandle> leftovers = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(home.toString())).orElse(false))
                .toList();
        assertTrue(leftovers.isEmpty(), "still running: " + leftovers);
        assertTrue(!Files.exists(home.resolve(".kpm")), "the default stack directory is not touched");
    }

    @Test
    void aPrivateStackThatFailsToStartKeepsItsLogsAndLeavesNothingRunning(@TempDir Path home) throws Exception {
        FakeServices.create(home, true);
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream realErr = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        System.setProperty("kpm.home", home.toString());
        int code;
        try {
            code = Kpm.commandLine().execute("run", "-n", "1", "--", "hostname");
        } finally {
            System.setErr(realErr);
            System.clearProperty("kpm.home");
        }
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, err);
        assertTrue(err.contains("  | boom: the fake scheduler cannot start"), err);
        java.util.regex.Matcher logs = java.util.regex.Pattern.compile("the private stack's logs are in (\\S+)").matcher(err);
        assertTrue(logs.find(), err);
        Path logDir = Path.of(logs.group(1));
        assertTrue(Files.isRegularFile(logDir.resolve("services.log")), "one JVM hosts the scheduler");
        assertTrue(ProcessHandle.allProcesses()
                .noneMatch(p -> p.info().commandLine().map(c -> c.contains(home.toString())).orElse(false)));
        try (Stream<Path> kept = Files.walk(logDir.getParent())) {
            kept.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static List<Path> privateStateDirs(Path tmp) throws IOException {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("kpm-run-")).sorted().toList();
        }
    }
}
