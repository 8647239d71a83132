package io.kpm.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kpm.cli.run.RankOutput.Stream;

/** -outfile-pattern / -errfile-pattern: names as Hydra resolves them, files as Hydra makes them. */
class RankFileOutputTest {

    private final ByteArrayOutputStream terminalOut = new ByteArrayOutputStream();
    private final ByteArrayOutputStream terminalErr = new ByteArrayOutputStream();
    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();

    @Test
    void patternsResolveLikeHydras() {
        OutputFilePattern pattern = new OutputFilePattern("out.%r.%g.%h.%p.%%.txt");
        assertTrue(pattern.needsPlace());
        assertEquals("out.3.17.node-1.0.%.txt", pattern.resolve(3, 17, new OutputFilePattern.Place("node-1", 0)));
        assertFalse(new OutputFilePattern("o.%r.%%h").needsPlace(), "%%h is a percent sign and an h");
        assertEquals("o.5.%h", new OutputFilePattern("o.%r.%%h").resolve(5, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new OutputFilePattern("o.%q"));
        assertThrows(IllegalArgumentException.class, () -> new OutputFilePattern("o.%"));
        assertThrows(IllegalArgumentException.class, () -> new OutputFilePattern(""));
    }

    @Test
    void eachRankWritesItsOwnFileMadeAtItsFirstOutput(@TempDir Path dir) throws Exception {
        RankFileOutput output = output(dir, "out.%r", "err.%r.%h", false);
        output.write(0, Stream.STDOUT, bytes("zero\n"));
        output.write(1, Stream.STDOUT, bytes("one"));
        output.write(1, Stream.STDERR, bytes("oops\n"));
        output.write(1, Stream.STDOUT, bytes(" more\n"));
        output.finish();
        assertEquals("zero\n", Files.readString(dir.resolve("out.0")));
        assertEquals("one more\n", Files.readString(dir.resolve("out.1")));
        assertEquals("oops\n", Files.readString(dir.resolve("err.1.node-1")));
        assertFalse(Files.exists(dir.resolve("err.0.node-0")), "a rank that wrote nothing leaves no file");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("out.0"))));
        assertEquals(0, terminalOut.size() + terminalErr.size());
    }

    @Test
    void anExistingFileIsEmptiedAndRanksSharingANameShareTheFileLabelled(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("all.txt"), "from an earlier run\n");
        RankFileOutput output = output(dir, "all.txt", null, true);
        output.write(0, Stream.STDOUT, bytes("a\n"));
        output.write(1, Stream.STDOUT, bytes("b\n"));
        output.write(0, Stream.STDERR, bytes("to the terminal\n"));
        output.finish();
        assertEquals("[0] a\n[1] b\n", Files.readString(dir.resolve("all.txt")));
        assertEquals("[0] to the terminal\n", terminalErr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFileThatCannotBeMadeSendsItsOutputToTheTerminal(@TempDir Path dir) {
        RankFileOutput output = output(dir, "missing-%r/out", null, false);
        output.write(2, Stream.STDOUT, bytes("still seen\n"));
        output.write(2, Stream.STDOUT, bytes("once told\n"));
        output.finish();
        assertEquals("still seen\nonce told\n", terminalOut.toString(StandardCharsets.UTF_8));
        String told = messages.toString(StandardCharsets.UTF_8);
        assertTrue(told.startsWith("kpm run: cannot write " + dir.resolve("missing-2/out")), told);
        assertEquals(1, told.lines().count(), told);
    }

    private RankFileOutput output(Path dir, String out, String err, boolean label) {
        RankOutput terminal = label ? new RankLinePrefixer(terminalOut, terminalErr) : new RawOutput(terminalOut, terminalErr);
        return new RankFileOutput(out == null ? null : new OutputFilePattern(out), err == null ? null : new OutputFilePattern(err),
                terminal, () -> 17, rank -> new OutputFilePattern.Place("node-" + rank % 2, rank % 2),
                label ? (o, e) -> new RankLinePrefixer(o, e) : RawOutput::new, dir,
                new PrintStream(messages, true, StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
