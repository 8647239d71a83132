package io.kpm.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Hydra's MPMD syntax ({@code :} groups, {@code -configfile}) and output file patterns in `kpm run`'s parsing. */
class MpmdParsingTest {

    private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/me", "X", "caller");
    private static final Path CWD = Path.of("/work/here");

    @Test
    void colonsMakeOneAppPerGroupInOrder() {
        JsonNode apps = apps(CWD, "run", "-n", "2", "./a", "x", ":", "-n", "3", "./b", "y", "z");
        assertEquals(2, apps.size());
        assertEquals("./a", apps.get(0).get("cmd").asText());
        assertEquals("[\"x\"]", apps.get(0).get("argv").toString());
        assertEquals(2, apps.get(0).get("maxprocs").asInt());
        assertEquals("./b", apps.get(1).get("cmd").asText());
        assertEquals("[\"y\",\"z\"]", apps.get(1).get("argv").toString());
        assertEquals(3, apps.get(1).get("maxprocs").asInt());
    }

    @Test
    void localOptionsBelongToTheirGroupAndGlobalOnesToEveryGroupWhereverTheyStand() {
        // as Hydra 4.2.3 does: -env and -wdir before the first program are the first group's; -genv anywhere is
        // everyone's, and a group's -env wins over it
        JsonNode apps = apps(CWD, "run", "-ppn", "2", "-hosts", "node-0,node-1", "-env", "A", "first", "-wdir", "/tmp",
                "-n", "1", "./a", ":", "-genv", "G", "all", "-env", "G", "mine", "-n", "1", "--", "./b", "-n", "9",
                ":", "-n", "1", "--env", "B=c", "--app-hosts", "node-1", "./c");
        assertEquals(3, apps.size());
        JsonNode a = apps.get(0);
        JsonNode b = apps.get(1);
        JsonNode c = apps.get(2);
        assertEquals("first", a.get("env").get("A").asText());
        assertFalse(b.get("env").has("A"));
        assertEquals("all", a.get("env").get("G").asText());
        assertEquals("mine", b.get("env").get("G").asText());
        assertEquals("all", c.get("env").get("G").asText());
        assertEquals("c", c.get("env").get("B").asText());
        assertEquals("/tmp", a.get("cwd").asText());
        assertEquals("/work/here", b.get("cwd").asText());
        assertEquals("[\"-n\",\"9\"]", b.get("argv").toString(), "after -- every word is the program's");
        assertEquals("{\"hosts\":\"node-0,node-1\",\"ppn\":\"2\"}", a.get("info").toString());
        assertEquals("{\"hosts\":\"node-0,node-1\",\"ppn\":\"2\"}", b.get("info").toString());
        assertEquals("{\"hosts\":\"node-1\",\"ppn\":\"2\"}", c.get("info").toString());
    }

    @Test
    void whatPassesOfTheCallersEnvironmentIsTheGroupsChoiceElseTheJobs() {
        JsonNode apps = apps(CWD, "run", "-genvlist", "HOME", "-n", "1", "./a", ":", "-envnone", "-n", "1", "./b", ":",
                "-envall", "-n", "1", "./c", ":", "-envlist", "X", "-n", "1", "./d");
        assertEquals("{\"HOME\":\"/home/me\"}", apps.get(0).get("env").toString());
        assertEquals("{}", apps.get(1).get("env").toString());
        assertEquals(3, apps.get(2).get("env").size());
        assertEquals("{\"X\":\"caller\"}", apps.get(3).get("env").toString());
    }

    @Test
    void aConfigfileHasOneGroupALineWithCommentsAndNoQuoting(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("app.conf"), """
                # two programs
                -n 2 -env MODE fast ./a "one two"   # trailing comment

                   -n 1 ./b : -n 1 -genv G g ./c
                """);
        RunPlan plan = parse("run", "-l", "-configfile", "app.conf").plan(ENV, dir);
        JsonNode apps = plan.request().toJson().get("apps");
        assertEquals(3, apps.size());
        assertEquals("[\"\\\"one\",\"two\\\"\"]", apps.get(0).get("argv").toString(), "words, as Hydra splits them");
        assertEquals("fast", apps.get(0).get("env").get("MODE").asText());
        assertFalse(apps.get(1).get("env").has("MODE"));
        assertEquals("./c", apps.get(2).get("cmd").asText());
        assertEquals("g", apps.get(0).get("env").get("G").asText(), "-genv in the file is global too");
        assertTrue(plan.global().label);
    }

    @Test
    void configfileMistakesNameTheFileAndLine(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "-n 1 ./a\n-n 1 -bogus ./b\n");
        assertFileError("configfile " + conf + " line 2: Unknown option: '-bogus'", dir, "-configfile", "bad.conf");
        Files.writeString(conf, "# only a comment\n\n");
        assertFileError("configfile " + conf + " has no app group in it", dir, "-configfile", "bad.conf");
        Files.writeString(conf, "-n 0 ./a\n");
        assertFileError("configfile " + conf + " line 1: -n must be at least 1, got 0", dir, "-configfile", "bad.conf");
        Files.writeString(conf, "-n 1\n");
        assertFileError("configfile " + conf + " line 1: no program to run", dir, "-configfile", "bad.conf");
        assertFileError("cannot read configfile " + dir.resolve("none.conf") + ": no such file", dir,
                "-configfile", "none.conf");
        assertFileError("cannot read configfile " + dir + ": Is a directory", dir, "-configfile", ".");
    }

    @Test
    void commandLineGroupMistakesNameTheGroup() {
        assertUsageError("app group 2: no program to run", "run", "-n", "1", "./a", ":", "-n", "2");
        assertUsageError("app group 1: no program to run", "run", "-n", "1", ":", "-n", "1", "./b");
        assertUsageError("app group 2: no program to run", "run", "-n", "1", "./a", ":");
        assertUsageError("app group 2: -n must be at least 1, got 0", "run", "-n", "1", "./a", ":", "-n", "0", "./b");
        assertUsageError("app group 2: -n is missing (the number of ranks to start)", "run", "-n", "1", "./a", ":", "./b");
        assertUsageError("app group 2: Unknown option: '-bogus'", "run", "-n", "1", "./a", ":", "-bogus", "-n", "1", "./b");
        assertUsageError("app group 2: -hosts is given twice; it applies to the whole job, so give it once",
                "run", "-hosts", "a", "-n", "1", "./a", ":", "-hosts", "b", "-n", "1", "./b");
        assertUsageError("app group 2: give only one of -envall, -envnone and -envlist",
                "run", "-n", "1", "./a", ":", "-envnone", "-envlist", "X", "-n", "1", "./b");
        assertUsageError("give either a program or -configfile, not both", "run", "-configfile", "f", "-n", "1", "./a");
        assertUsageError("-n is missing (the number of ranks to start)", "run", "./a");
    }

    @Test
    void outputFilePatternsAreCheckedBeforeTheJobStarts(@TempDir Path dir) {
        RunPlan plan = parse("run", "-outfile-pattern", "out.%r", "-n", "1", "./a").plan(ENV, dir);
        assertEquals("out.%r", plan.stdoutFiles().pattern());
        assertNull(plan.stderrFiles());
        assertUsageError("-outfile-pattern: the file pattern \"o.%x\" has %x; known are %r (rank), %g (pgid), %h (node), "
                + "%p (node index) and %%", "run", "-outfile-pattern", "o.%x", "-n", "1", "./a");
        assertUsageError("-errfile-pattern: the file pattern \"e.%\" ends in a lone %",
                "run", "-errfile-pattern", "e.%", "-n", "1", "./a");
        assertUsageError("-outfile-pattern: the directory /no/such/dir does not exist",
                "run", "-outfile-pattern", "/no/such/dir/o.%r", "-n", "1", "./a");
    }

    @Test
    void helpListsTheHydraSpellings() {
        CommandLine kpm = Kpm.commandLine();
        StringWriter out = new StringWriter();
        kpm.setOut(new PrintWriter(out));
        assertEquals(0, kpm.execute("run", "--help"));
        String help = out.toString();
        for (String option : List.of("-configfile", "-outfile-pattern", "-errfile-pattern", "-genvlist", "-envnone",
                "-envall", "-envlist", "-env=NAME VALUE", "--app-hosts", "Hydra: -n/-np", "%r the rank")) {
            assertTrue(help.contains(option), option + " in\n" + help);
        }
    }

    private static void assertUsageError(String message, String... args) {
        RunCommand run = parse(args);
        ParameterException e = assertThrows(ParameterException.class, () -> run.plan(ENV, CWD));
        assertEquals(message, e.getMessage());
    }

    private static void assertFileError(String message, Path dir, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        RunCommand run = parse(all);
        CliFailure e = assertThrows(CliFailure.class, () -> run.plan(ENV, dir));
        assertEquals(CliFailure.USAGE, e.exitCode());
        assertEquals(message, e.getMessage());
    }

    private static JsonNode apps(Path cwd, String... args) {
        return parse(args).plan(ENV, cwd).request().toJson().get("apps");
    }

    private static RunCommand parse(String... args) {
        CommandLine.ParseResult parsed = Kpm.commandLine().parseArgs(args);
        return (RunCommand) parsed.subcommand().commandSpec().userObject();
    }
}
