package io.kpm.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code kpm} command (cli/target/kpm-cli.jar) as a separate process, as a user would. */
final class Kpm {

    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /**
     * The state directory of the stack the last {@code kpm up --state-dir} of this JVM started, until its
     * {@code kpm down}: the commands run after it get it as {@code KPM_STATE_DIR}, so they find its REST token
     * (the test classes start their stacks one after the other).
     */
    private static volatile Path stack;

    /** The REST token of the current stack, for tests that call the API themselves. */
    static String token() {
        Path current = stack;
        if (current == null) return null;
        try {
            return Files.readString(current.resolve("token")).trim();
        } catch (IOException e) {
            throw new IllegalStateException("the stack in " + current + " has no token file", e);
        }
    }

    static Path repoRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("mvnw")) ? here : here.getParent();
    }

    static List<String> command(String... args) {
        Path root = repoRoot();
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx128m", "-Dkpm.home=" + root,
                "-jar", root.resolve("cli/target/kpm-cli.jar").toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Process start(Path workDir, Map<String, String> env, Path stdout, Path stderr, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(args)).directory(workDir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Path current = stack;
        if (current != null) pb.environment().put("KPM_STATE_DIR", current.toString());
        pb.environment().putAll(env);
        return pb.start();
    }

    static Result run(Path workDir, Duration timeout, String... args) throws Exception {
        return run(workDir, Map.of(), timeout, args);
    }

    static Result run(Path workDir, Map<String, String> env, Duration timeout, String... args) throws Exception {
        Path out = Files.createTempFile("kpm-out", ".txt");
        Path err = Files.createTempFile("kpm-err", ".txt");
        Process p = start(workDir, env, out, err, args);
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("kpm " + String.join(" ", args) + " did not finish within " + timeout
                    + "\n" + Files.readString(out) + Files.readString(err));
        }
        Result result = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        rememberStack(args, result);
        return result;
    }

    private static void rememberStack(String[] args, Result result) {
        List<String> list = List.of(args);
        int at = list.indexOf("--state-dir");
        if (args.length == 0 || at < 0 || at + 1 >= args.length || result.exitCode() != 0) return;
        if (args[0].equals("up")) stack = Path.of(args[at + 1]).toAbsolutePath();
        if (args[0].equals("down") && Path.of(args[at + 1]).toAbsolutePath().equals(stack)) stack = null;
    }

    /** Compiles a test program (gcc, mpicc): fails the test with the compiler's output when it cannot. */
    static void compile(String hint, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) throw new AssertionError("compiling took too long: " + String.join(" ", command));
        if (p.exitValue() != 0) {
            throw new AssertionError("cannot compile (" + hint + "): " + String.join(" ", command) + "\n" + output);
        }
    }

    /** A base port B such that B .. B+19 are free now (kpm up uses B .. B+10+nodes). */
    static int freeBasePort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            // below the ephemeral range (32768 on): a port there can become a Kafka client's source port
            // between this check and the service's bind
            int base = 20_000 + (int) (Math.random() * 12_000);
            if (rangeFree(base, 20)) return base;
        }
        throw new IllegalStateException("no free range of 20 ports found");
    }

    private static boolean rangeFree(int base, int count) {
        for (int port = base; port < base + count; port++) {
            try (ServerSocket s = new ServerSocket(port)) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Alive and not a zombie: an orphan whose parent died is re-parented to this sandbox's pid 1, which may take
     * seconds to reap it, and Java reports a zombie as alive.
     */
    static boolean alive(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return false;
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    static void awaitDead(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alive(pid) && System.nanoTime() < deadline) Thread.sleep(100);
        if (alive(pid)) throw new AssertionError("process " + pid + " still alive after " + timeout);
    }

    private Kpm() {
    }
}
