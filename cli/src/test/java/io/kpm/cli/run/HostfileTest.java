package io.kpm.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kpm.cli.run.Hostfile.Host;

class HostfileTest {

    @Test
    void readsHostsWithAndWithoutCoresSkippingCommentsAndBlankLines() {
        Hostfile file = Hostfile.parse(List.of(
                "# our cluster",
                "",
                "node-0:4",
                "   node-1   # the second one",
                "\t",
                "node-2:2 # trailing comment"), "hosts.txt");
        assertEquals(List.of(new Host("node-0", 4), new Host("node-1", null), new Host("node-2", 2)), file.hosts());
        assertEquals(List.of("node-0", "node-1", "node-2"), file.names());
        assertTrue(file.hasCores());
        assertEquals(Optional.empty(), file.uniformCores());
    }

    @Test
    void equalCoresOnEveryHostAreAUniformCount() {
        assertEquals(Optional.of(2), Hostfile.parse(List.of("a:2", "b:2"), "f").uniformCores());
        assertEquals(Optional.empty(), Hostfile.parse(List.of("a:2", "b"), "f").uniformCores());
        assertFalse(Hostfile.parse(List.of("a", "b"), "f").hasCores());
    }

    @Test
    void badLinesAreNamedWithFileAndLineNumber() {
        assertProblem(List.of("a", "b:x"), "hostfile f line 2: cores must be a number, got \"x\"");
        assertProblem(List.of("a:0"), "hostfile f line 1: cores must be at least 1, got 0");
        assertProblem(List.of("a:-3"), "hostfile f line 1: cores must be at least 1, got -3");
        assertProblem(List.of(":4"), "hostfile f line 1: the host name is missing in \":4\"");
        assertProblem(List.of("a b"), "hostfile f line 1: expected host or host:cores, got \"a b\"");
        assertProblem(List.of("a:1:2"), "hostfile f line 1: expected host or host:cores, got \"a:1:2\"");
        assertProblem(List.of("a,b"), "hostfile f line 1: one host per line, got \"a,b\"");
        assertProblem(List.of("a:2", "# x", "a:4"), "hostfile f line 3: host a is already listed on line 1");
    }

    @Test
    void aFileWithoutHostsIsAnError() {
        assertProblem(List.of("# nothing", ""), "hostfile f names no hosts");
    }

    @Test
    void readsFromDiskAndSaysWhenTheFileIsMissing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hosts");
        Files.writeString(file, "x:1\ny:1\n");
        assertEquals(List.of("x", "y"), Hostfile.read(file).names());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hostfile.read(dir.resolve("nope")));
        assertTrue(e.getMessage().startsWith("cannot read hostfile " + dir.resolve("nope")), e.getMessage());
    }

    private static void assertProblem(List<String> lines, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hostfile.parse(lines, "f"));
        assertEquals(message, e.getMessage());
    }
}
