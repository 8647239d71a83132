package io.kpm.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.kpm.cli.CliFailure;
import io.kpm.cli.Kpm;
import io.kpm.cli.http.JobView;
import io.kpm.cli.http.Json;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** How the options and arguments of `kpm run` become the spawn request's JSON. */
class RunCommandTest {

    private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/me", "LANG", "C");
    private static final Path CWD = Path.of("/work/here");

    @Test
    void mapsAPlainRunToOneApp() throws Exception {
        JsonNode body = spawnJson("run", "-n", "4", "--", "hostname", "-s");
        JsonNode expected = Json.mapper().readTree("""
                {"jobInfo":{},"apps":[{"cmd":"hostname","argv":["-s"],
                 "env":{"HOME":"/home/me","LANG":"C","PATH":"/usr/bin:/bin"},
                 "cwd":"/work/here","maxprocs":4,"info":{}}]}""");
        assertEquals(expected, body);
    }

    @Test
    void mapsHostsPpnWdirAndEnvOverrides() {
        JsonNode app = spawnJson("run", "-np", "6", "--ppn", "2", "--hosts", "node-0,node-1", "--wdir", "sub/dir",
                "--env", "LANG=de_DE.UTF-8", "--env", "EXTRA=a=b", "--env", "EMPTY=", "--", "./a.out", "x")
                .get("apps").get(0);
        assertEquals("./a.out", app.get("cmd").asText());
        assertEquals("[\"x\"]", app.get("argv").toString());
        assertEquals(6, app.get("maxprocs").asInt());
        assertEquals("/work/here/sub/dir", app.get("cwd").asText());
        assertEquals("de_DE.UTF-8", app.get("env").get("LANG").asText(), "--env wins over the caller's value");
        assertEquals("a=b", app.get("env").get("EXTRA").asText());
        assertEquals("", app.get("env").get("EMPTY").asText());
        assertEquals("/home/me", app.get("env").get("HOME").asText(), "the caller's whole environment goes along");
        assertEquals("{\"hosts\":\"node-0,node-1\",\"ppn\":\"2\"}", app.get("info").toString());
    }

    @Test
    void hydrasSpellingsMeanWhatTheyMeanUnderHydra() {
        JsonNode app = spawnJson("run", "-np", "4", "-ppn", "2", "-host", "node-1", "-genv", "A", "1", "-env", "B", "two words",
                "-prepend-rank", "--", "./a.out").get("apps").get(0);
        assertEquals("{\"hosts\":\"node-1\",\"ppn\":\"2\"}", app.get("info").toString());
        assertEquals("1", app.get("env").get("A").asText());
        assertEquals("two words", app.get("env").get("B").asText());
        assertEquals("/home/me", app.get("env").get("HOME").asText(), "-genvall is the default");

        JsonNode none = spawnJson("run", "-n", "1", "-genvnone", "-genv", "ONLY", "x", "--", "env").get("apps").get(0);
        assertEquals("{\"ONLY\":\"x\"}", none.get("env").toString());
        JsonNode list = spawnJson("run", "-n", "1", "-envlist", "HOME,NOPE", "--", "env").get("apps").get(0);
        assertEquals("{\"HOME\":\"/home/me\"}", list.get("env").toString());
    }

    @Test
    void bindingOptionsAreHydrasAndCheckedBeforeAnythingStarts() {
        RunPlan plan = parse("run", "-n", "2", "-bind-to", "core", "-map-by", "socket", "-print-bindings", "--", "true")
                .plan(ENV, CWD);
        assertEquals(List.of("core", "socket", "true"),
                List.of(plan.global().bindTo, plan.global().mapBy, Boolean.toString(plan.global().printBindings)));
        assertTrue(parse("run", "-n", "1", "--", "true").plan(Map.of("HYDRA_TOPO_DEBUG", "1"), CWD).global().printBindings,
                "Hydra's HYDRA_TOPO_DEBUG=1 report");
        RunCommand bad = parse("run", "-n", "1", "-bind-to", "l2cache", "--", "true");
        ParameterException e = assertThrows(ParameterException.class, () -> bad.plan(ENV, CWD));
        assertTrue(e.getMessage().startsWith("-bind-to \"l2cache\" is not one kpm knows"), e.getMessage());
        RunCommand twice = parse("run", "-bind-to", "core", "-n", "1", "a", ":", "-bind-to", "socket", "-n", "1", "b");
        assertThrows(RuntimeException.class, () -> twice.plan(ENV, CWD));
    }

    @Test
    void theBindingReportHasOneLinePerRank() {
        JobView view = new JobView(3L, "kvs", "r", null, "RUNNING", 2, List.of(), List.of(
                new JobView.RankView(0, "node-0", 0, 10L, "STARTED", null, null, "0"),
                new JobView.RankView(1, "node-1", 0, 11L, "STARTED", null, null, null)), null, null, null, null);
        assertEquals(List.of("rank 0 on node-0: cpus 0", "rank 1 on node-1: not bound"), BindingReport.lines(view));
    }

    @Test
    void anAbsoluteWdirIsKept() {
        assertEquals("/tmp", spawnJson("run", "-n", "1", "--wdir", "/tmp", "--", "pwd").get("apps").get(0).get("cwd").asText());
    }

    @Test
    void everythingFromTheProgramNameOnBelongsToTheProgramEvenWithoutDoubleDash() {
        JsonNode app = spawnJson("run", "-n", "2", "ls", "-l", "--env", "X=1").get("apps").get(0);
        assertEquals("ls", app.get("cmd").asText());
        assertEquals("[\"-l\",\"--env\",\"X=1\"]", app.get("argv").toString());
        assertFalse(app.get("env").has("X"));
    }

    @Test
    void aHostfileGivesHostsAndItsUniformCoresAsPpn(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("hosts"), "# two nodes\nnode-0:2\nnode-1:2\n");
        RunCommand run = parse("run", "-n", "4", "-f", "hosts", "--", "true");
        JsonNode info = run.plan(ENV, dir).request().toJson().get("apps").get(0).get("info");
        assertEquals("{\"hosts\":\"node-0,node-1\",\"ppn\":\"2\"}", info.toString());

        RunCommand withPpn = parse("run", "-n", "4", "-f", dir.resolve("hosts").toString(), "--ppn", "1", "--", "true");
        assertEquals("1", withPpn.plan(ENV, CWD).request().toJson().get("apps").get(0).get("info").get("ppn").asText(),
                "--ppn wins over the hostfile");
    }

    @Test
    void aBadHostfileIsAUsageError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("hosts"), "node-0:two\n");
        RunCommand run = parse("run", "-n", "1", "-f", "hosts", "--", "true");
        CliFailure e = assertThrows(CliFailure.class, () -> run.plan(ENV, dir).request());
        assertEquals(CliFailure.USAGE, e.exitCode());
        assertEquals("hostfile " + dir.resolve("hosts") + " line 1: cores must be a number, got \"two\"", e.getMessage());
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertUsageError("-n must be at least 1, got 0", "run", "-n", "0", "--", "true");
        assertUsageError("--ppn must be at least 1, got 0", "run", "-n", "1", "--ppn", "0", "--", "true");
        assertUsageError("--env needs NAME=VALUE, got \"NOVALUE\"", "run", "-n", "1", "--env", "NOVALUE", "--", "true");
        assertUsageError("--env needs NAME=VALUE, got \"=x\"", "run", "-n", "1", "--env", "=x", "--", "true");
        assertUsageError("give either --hosts or -f/--hostfile, not both", "run", "-n", "1", "--hosts", "a", "-f", "h", "--", "true");
        assertUsageError("--hosts has an empty host name: a,,b", "run", "-n", "1", "--hosts", "a,,b", "--", "true");
    }

    @Test
    void theCommandLineExitsWith2OnUsageErrors() {
        assertEquals(2, execute("run", "-n", "1", "--env", "NOVALUE", "--", "true"));
        assertEquals(2, execute("run", "--", "true"));
        assertEquals(2, execute("run", "-n", "2"));
        assertEquals(2, execute("run", "-n", "x", "--", "true"));
        assertEquals(2, execute("run", "--no-such-option", "-n", "1", "true"));
        assertEquals(2, execute("--no-such-option"));
        assertEquals(2, execute("frobnicate"));
        assertEquals(2, execute());
    }

    @Test
    void helpAndVersionExitZero() {
        assertEquals(0, execute("--help"));
        assertEquals(0, execute("--version"));
        for (String command : new String[] {"up", "down", "status", "run", "jobs", "nodes"}) {
            assertEquals(0, execute(command, "--help"), command);
        }
    }

    private static void assertUsageError(String message, String... args) {
        RunCommand run = parse(args);
        ParameterException e = assertThrows(ParameterException.class, () -> run.plan(ENV, CWD).request());
        assertEquals(message, e.getMessage());
    }

    private static JsonNode spawnJson(String... args) {
        return parse(args).plan(ENV, CWD).request().toJson();
    }

    private static RunCommand parse(String... args) {
        CommandLine kpm = Kpm.commandLine();
        CommandLine.ParseResult parsed = kpm.parseArgs(args);
        return (RunCommand) parsed.subcommand().commandSpec().userObject();
    }

    private static int execute(String... args) {
        CommandLine kpm = Kpm.commandLine();
        StringWriter sink = new StringWriter();
        kpm.setOut(new PrintWriter(sink));
        kpm.setErr(new PrintWriter(sink));
        int code = kpm.execute(args);
        assertTrue(code != 0 || !sink.toString().isEmpty(), "help and version print something");
        return code;
    }
}
