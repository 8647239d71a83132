package io.kpm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code kpm run}'s stdin goes to rank 0, as {@code mpiexec}'s does: the same command line with the same stdin under
 * {@code kpm run} and Hydra 4.2.3 ({@code /opt/mpich-ch3/bin/mpiexec}) prints the same. Beyond Hydra: the other
 * ranks read end of file at once (Hydra leaves them a pipe that never ends), and a binary stdin larger than 64 KiB
 * arrives whole (Hydra 4.2.3 fails with "process reading stdin too slowly"). SIGUSR1 and SIGALRM to {@code kpm run} reach every
 * rank, as they do under Hydra, and so does SIGUSR2 (which Hydra 4.2.3 dies of instead). With {@code -bind-to}, each rank
 * reads the same affinity from /proc/self/status under both, and {@code -print-bindings} reports it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StdinSignalsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    /** Rank 0 echoes what it reads with a mark at its end; the others say whether they were given any stdin. */
    private static final String ECHO = "if [ \"$PMI_RANK\" = 0 ]; then cat; echo '<eof>'; else echo \"rank $PMI_RANK\"; fi";

    private Path work;
    private Path stateDir;
    private String gatewayUrl;

    @BeforeAll
    void up() throws Exception {
        Path target = Kpm.repoRoot().resolve("e2e/target");
        work = Files.createDirectories(target.resolve("e2e-work"));
        stateDir = target.resolve("e2e-stdin-" + System.nanoTime());
        int basePort = Kpm.freeBasePort();
        gatewayUrl = "http://127.0.0.1:" + (basePort + 2);
        Kpm.Result up = Kpm.run(work, Duration.ofMinutes(3), "up", "--nodes", "2", "--cores", "1",
                "--base-port", Integer.toString(basePort), "--state-dir", stateDir.toString());
        assertEquals(0, up.exitCode(), up.toString());
    }

    @AfterAll
    void down() throws Exception {
        Kpm.run(work, Duration.ofMinutes(2), "down", "--state-dir", stateDir.toString());
    }

    /** Runs a command with {@code stdin} as its standard input; its stdout, and fails with both outputs on exit != 0. */
    private String run(List<String> command, Path stdin) throws Exception {
        Path out = Files.createTempFile("stdin-out", ".txt");
        Path err = Files.createTempFile("stdin-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectInput(stdin.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("KPM_STATE_DIR", stateDir.toString());
        pb.environment().put("LD_LIBRARY_PATH", DynamicProcesses.MPICH.resolve("lib").toString());
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + TIMEOUT + "\n" + Files.readString(out)
                    + Files.readString(err));
        }
        String stdout = Files.readString(out, StandardCharsets.ISO_8859_1);
        assertEquals(0, p.exitValue(), command + "\n" + stdout + Files.readString(err));
        return stdout;
    }

    private List<String> kpmRun(String... args) {
        List<String> all = new ArrayList<>(List.of("run", "--gateway", gatewayUrl));
        all.addAll(List.of(args));
        return Kpm.command(all.toArray(String[]::new));
    }

    private static List<String> hydra(String... args) {
        List<String> all = new ArrayList<>(List.of(DynamicProcesses.MPICH.resolve("bin/mpiexec").toString()));
        all.addAll(List.of(args));
        return all;
    }

    private static List<String> sortedLines(String text) {
        return text.lines().sorted().toList();
    }

    @Test
    void rankZeroReadsTheStdinOfKpmRunAsUnderHydraAndTheOthersReadNothing() throws Exception {
        Path input = Files.writeString(Files.createTempFile("stdin", ".txt"), "hello\nsecond line\n");
        String kpm = run(kpmRun("-n", "3", "sh", "-c", ECHO), input);
        String hydra = run(hydra("-n", "3", "sh", "-c", ECHO), input);
        assertEquals(sortedLines(hydra), sortedLines(kpm), "kpm:\n" + kpm + "\nhydra:\n" + hydra);
        assertTrue(kpm.contains("hello\nsecond line\n<eof>\n"), kpm);

        // what the other ranks are given: end of file at once under kpm (Hydra's pipe would never end)
        String others = run(kpmRun("-n", "2", "sh", "-c", "echo \"$PMI_RANK:$(cat | wc -c)\""), input);
        assertEquals(List.of("0:18", "1:0"), sortedLines(others));

        // an empty stdin is an immediate end of file for rank 0, as under Hydra
        assertEquals("<eof>\n", run(kpmRun("-n", "1", "sh", "-c", ECHO), Files.createTempFile("stdin", ".empty")));
    }

    /** Ranks that print each signal they catch, then end normally after about 2 s. */
    private static final String TRAPS = "for s in USR1 USR2 ALRM; do trap \"echo rank $PMI_RANK got $s\" $s; done; "
            + "echo rank $PMI_RANK ready; i=0; while [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done; echo rank $PMI_RANK done";

    /** Starts the command, sends each signal once every rank is ready, and returns its "rank ..." lines, sorted. */
    private List<String> signalled(List<String> command, String... signals) throws Exception {
        Path out = Files.createTempFile("signals-out", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectInput(
                ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).redirectOutput(out.toFile())
                .redirectErrorStream(true);
        pb.environment().put("KPM_STATE_DIR", stateDir.toString());
        pb.environment().put("LD_LIBRARY_PATH", DynamicProcesses.MPICH.resolve("lib").toString());
        Process p = pb.start();
        long readyBy = System.nanoTime() + TIMEOUT.toNanos();
        while (Files.readString(out).split("ready", -1).length < 3) {
            if (System.nanoTime() > readyBy || !p.isAlive()) throw new AssertionError(command + ":\n" + Files.readString(out));
            Thread.sleep(100);
        }
        for (String signal : signals) {
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
            Thread.sleep(300);
        }
        if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish:\n" + Files.readString(out));
        }
        String text = Files.readString(out);
        assertEquals(0, p.exitValue(), text);
        return text.lines().filter(l -> l.startsWith("rank ")).sorted().toList();
    }

    @Test
    void sigusr1ReachesEveryRankAsUnderHydraAndSigusr2Too() throws Exception {
        List<String> hydra = signalled(hydra("-n", "2", "sh", "-c", TRAPS), "USR1", "ALRM");
        List<String> kpm = signalled(kpmRun("-n", "2", "sh", "-c", TRAPS), "USR1", "USR2", "ALRM");
        assertEquals(hydra, kpm.stream().filter(l -> !l.endsWith("USR2")).toList(), "SIGUSR1 and SIGALRM as under Hydra");
        assertEquals(List.of("rank 0 done", "rank 0 got ALRM", "rank 0 got USR1", "rank 0 got USR2", "rank 0 ready",
                "rank 1 done", "rank 1 got ALRM", "rank 1 got USR1", "rank 1 got USR2", "rank 1 ready"), kpm);
    }

    /** Each rank's affinity as the rank itself reads it. */
    private static final String AFFINITY = "echo \"aff $PMI_RANK $(grep Cpus_allowed_list: /proc/self/status | cut -f2)\"";

    private static List<String> affinities(String output) {
        return output.lines().filter(l -> l.startsWith("aff ")).sorted().toList();
    }

    @Test
    void eachRankIsBoundAsUnderHydraAndPrintBindingsSaysTo() throws Exception {
        Path none = Files.createTempFile("stdin", ".empty");
        // one node, as Hydra's one local proxy: more ranks than this machine's cores (2 here) wrap round under both
        int ranks = Runtime.getRuntime().availableProcessors() + 1;
        for (String bindTo : List.of("core", "none")) {
            String n = Integer.toString(ranks);
            String kpm = run(kpmRun("-n", n, "-hosts", "node-0", "-bind-to", bindTo, "-print-bindings",
                    "sh", "-c", AFFINITY), none);
            String hydra = run(hydra("-n", n, "-bind-to", bindTo, "sh", "-c", AFFINITY), none);
            assertEquals(affinities(hydra), affinities(kpm), "-bind-to " + bindTo + "\nkpm:\n" + kpm + "\nhydra:\n" + hydra);
            for (String line : affinities(kpm)) {
                String[] rankAndCpus = line.split(" ");
                String expected = "rank " + rankAndCpus[1] + " on node-0: "
                        + (bindTo.equals("none") ? "not bound" : "cpus " + rankAndCpus[2]);
                assertTrue(kpm.lines().anyMatch(expected::equals), expected + " in:\n" + kpm);
            }
        }
    }

    @Test
    void aLargeBinaryStdinArrivesWhole() throws Exception {
        byte[] data = new byte[1_000_000];
        new Random(14).nextBytes(data);
        Path input = Files.write(Files.createTempFile("stdin", ".bin"), data);
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        String kpm = run(kpmRun("-n", "2", "sha256sum"), input);
        String empty = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[0]));
        assertEquals(List.of(digest + "  -", empty + "  -").stream().sorted().toList(), sortedLines(kpm));
    }
}
