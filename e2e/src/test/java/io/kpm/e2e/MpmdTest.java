package io.kpm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * MPMD and per-rank output files, side by side with Hydra (Debian's mpiexec, MPICH 4.0.2): the same command
 * line under {@code kpm run} and {@code mpiexec} must give every rank the same rank, size, appnum, program,
 * argument and environment, and the same files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MpmdTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Path work;
    private Path stateDir;
    private String gatewayUrl;
    private String progA;
    private String progB;

    @BeforeAll
    void compileAndStartTheStack() throws Exception {
        Path target = Kpm.repoRoot().resolve("e2e/target");
        work = Files.createDirectories(target.resolve("mpmd-work"));
        Path bin = Files.createDirectories(target.resolve("mpmd-bin"));
        Path src = Kpm.repoRoot().resolve("e2e/src/test/c/mpmd_who.c");
        progA = bin.resolve("mpmd_a").toString();
        progB = bin.resolve("mpmd_b").toString();
        Kpm.compile("is mpich installed? .ci/run installs it", "mpicc.mpich", "-O2", "-DROLE=\"a\"", "-o", progA, src.toString());
        Kpm.compile("is mpich installed? .ci/run installs it", "mpicc.mpich", "-O2", "-DROLE=\"b\"", "-o", progB, src.toString());
        stateDir = target.resolve("mpmd-stack-" + System.nanoTime());
        int basePort = Kpm.freeBasePort();
        gatewayUrl = "http://127.0.0.1:" + (basePort + 2);
        Kpm.Result up = Kpm.run(work, Duration.ofMinutes(4), "up", "--nodes", "2", "--cores", "2",
                "--base-port", Integer.toString(basePort), "--state-dir", stateDir.toString());
        assertEquals(0, up.exitCode(), up.toString());
    }

    @AfterAll
    void down() throws Exception {
        Kpm.Result down = Kpm.run(work, Duration.ofMinutes(2), "down", "--state-dir", stateDir.toString());
        assertEquals(0, down.exitCode(), down.toString());
    }

    @Test
    void colonGroupsAreOneJobWithAppnumsAsUnderHydra() throws Exception {
        String[] args = {"-genv", "MPMD_X", "all", "-n", "2", progA, "first", ":",
                "-n", "3", "-env", "MPMD_X", "mine", progB, "second"};
        List<String> hydra = whoLines(hydra(work, args));
        List<String> kpm = whoLines(kpmRun(work, args));
        assertEquals(List.of(
                "rank=0 size=5 appnum=0 role=a arg=first X=all",
                "rank=1 size=5 appnum=0 role=a arg=first X=all",
                "rank=2 size=5 appnum=1 role=b arg=second X=mine",
                "rank=3 size=5 appnum=1 role=b arg=second X=mine",
                "rank=4 size=5 appnum=1 role=b arg=second X=mine"), hydra, "Hydra itself");
        assertEquals(hydra, kpm);
    }

    @Test
    void aConfigfileGivesTheSameJobAsUnderHydra() throws Exception {
        Files.writeString(work.resolve("mpmd.conf"), "# one group a line\n"
                + "-n 1 " + progA + " one   # a comment after the words\n"
                + "\n"
                + "-n 2 -env MPMD_X two " + progB + " two\n");
        List<String> hydra = whoLines(hydra(work, "-configfile", "mpmd.conf"));
        List<String> kpm = whoLines(kpmRun(work, "-configfile", "mpmd.conf"));
        assertEquals(3, hydra.size(), hydra.toString());
        assertEquals("rank=2 size=3 appnum=1 role=b arg=two X=two", hydra.get(2));
        assertEquals(hydra, kpm);
    }

    @Test
    void outputFilePatternsMakeTheSameFilesAsUnderHydra() throws Exception {
        String[] args = {"-outfile-pattern", "out.%r.txt", "-errfile-pattern", "err.%r.txt",
                "-n", "1", progA, "x", ":", "-n", "2", progB, "y"};
        Path hydraDir = Files.createDirectories(work.resolve("files-hydra-" + System.nanoTime()));
        Path kpmDir = Files.createDirectories(work.resolve("files-kpm-" + System.nanoTime()));
        Kpm.Result hydra = hydra(hydraDir, args);
        Kpm.Result kpm = kpmRun(kpmDir, args);
        assertEquals("", hydra.stdout(), "Hydra wrote nothing to the terminal");
        assertEquals("", kpm.stdout(), "kpm wrote nothing to the terminal");
        Map<String, String> hydraFiles = files(hydraDir);
        assertEquals(6, hydraFiles.size(), hydraFiles.toString());
        assertEquals("stderr of rank 2\n", hydraFiles.get("err.2.txt"));
        assertEquals(hydraFiles, files(kpmDir));

        // %h and %p: the rank's node and its index in the job (2 cores a node: ranks 0 and 1 on node-0);
        // kpm's node ids, where Hydra's %h is a host name
        Path placesDir = Files.createDirectories(work.resolve("files-places-" + System.nanoTime()));
        kpmRun(placesDir, "-outfile-pattern", "%h.%p.%r", "-n", "3", progA);
        assertEquals(List.of("node-0.0.0", "node-0.0.1", "node-1.1.2"), List.copyOf(files(placesDir).keySet()));
    }

    private Kpm.Result kpmRun(Path dir, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("run", "--gateway", gatewayUrl));
        all.addAll(List.of(args));
        Kpm.Result run = Kpm.run(dir, TIMEOUT, all.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.toString());
        return run;
    }

    /** Debian's Hydra, killed with its ranks if it hangs (a failed launch can leave its proxy spinning). */
    private static Kpm.Result hydra(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("mpiexec.mpich"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("hydra-out", ".txt");
        Path err = Files.createTempFile("hydra-err", ".txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("mpiexec " + String.join(" ", args) + " did not finish within " + TIMEOUT);
        }
        Kpm.Result result = new Kpm.Result(p.exitValue(), Files.readString(out), Files.readString(err));
        assertEquals(0, result.exitCode(), "mpiexec " + String.join(" ", args) + ": " + result);
        return result;
    }

    /** The ranks' lines, in rank order (ranks write at the same time in both). */
    private static List<String> whoLines(Kpm.Result run) {
        List<String> lines = run.stdout().lines().filter(l -> l.startsWith("rank=")).sorted().toList();
        assertTrue(!lines.isEmpty(), run.toString());
        return lines;
    }

    private static Map<String, String> files(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path f : list.toList()) files.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
        }
        return files;
    }
}
