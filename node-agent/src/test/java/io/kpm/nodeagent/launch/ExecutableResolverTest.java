package io.kpm.nodeagent.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kpm.nodeagent.launch.ExecutableResolver.Failed;
import io.kpm.nodeagent.launch.ExecutableResolver.Found;
import io.kpm.nodeagent.launch.ExecutableResolver.Resolution;
import io.kpm.schemas.events.LaunchFailure;

class ExecutableResolverTest {

    @TempDir
    Path dir;
    Path agentCwd;
    Path bin;
    Path tool;

    @BeforeEach
    void files() throws IOException {
        agentCwd = Files.createDirectory(dir.resolve("agent"));
        bin = Files.createDirectory(dir.resolve("bin"));
        tool = executable(bin.resolve("tool"));
    }

    @Test
    void aBareNameIsSearchedInTheRanksPath() {
        Found found = found(ExecutableResolver.resolve("tool", null, null, "/no/such/dir:" + bin, agentCwd));
        assertEquals(tool, found.executable());
        assertEquals(agentCwd, found.workingDir(), "no wdir: the agent's");
    }

    @Test
    void theFirstExecutableOnPathWins() throws IOException {
        Path other = Files.createDirectory(dir.resolve("other"));
        Files.writeString(other.resolve("tool"), "not executable"); // skipped, like a shell does
        Path second = Files.createDirectory(dir.resolve("second"));
        executable(second.resolve("tool"));
        assertEquals(tool, found(ExecutableResolver.resolve("tool", null, null, other + ":" + bin + ":" + second, agentCwd)).executable());
    }

    @Test
    void aBareNameNotOnPathIsNotFound() {
        Failed failed = failed(ExecutableResolver.resolve("nothing-here", null, null, bin.toString(), agentCwd));
        assertEquals(LaunchFailure.NOT_FOUND, failed.reason());
        assertEquals("nothing-here: command not found in PATH " + bin, failed.message());
    }

    @Test
    void aBareNameWithoutPathIsNotFound() {
        assertEquals(LaunchFailure.NOT_FOUND, failed(ExecutableResolver.resolve("tool", null, null, null, agentCwd)).reason());
    }

    @Test
    void aBareNameOnPathThatIsNotExecutable() throws IOException {
        Files.writeString(bin.resolve("data"), "x");
        Failed failed = failed(ExecutableResolver.resolve("data", null, null, bin.toString(), agentCwd));
        assertEquals(LaunchFailure.NOT_EXECUTABLE, failed.reason());
    }

    @Test
    void pathIsPrependedToTheCommand() {
        assertEquals(tool, found(ExecutableResolver.resolve("tool", bin.toString(), null, null, agentCwd)).executable());
        assertEquals(tool, found(ExecutableResolver.resolve("tool", bin + "/", null, null, agentCwd)).executable());
    }

    @Test
    void aNameWithASlashIsRelativeToTheWorkingDirectory() {
        Found found = found(ExecutableResolver.resolve("bin/tool", null, dir.toString(), "", agentCwd));
        assertEquals(tool, found.executable());
        assertEquals(dir, found.workingDir());
        assertEquals(tool, found(ExecutableResolver.resolve("./tool", null, bin.toString(), null, agentCwd)).executable());
        assertEquals(tool, found(ExecutableResolver.resolve("../bin/tool", null, null, null, agentCwd)).executable(),
                "no wdir: relative to the agent's working directory");
    }

    @Test
    void aRelativeWorkingDirectoryIsTheAgentsSubdirectory() throws IOException {
        Path sub = Files.createDirectory(agentCwd.resolve("sub"));
        assertEquals(sub, found(ExecutableResolver.resolve(tool.toString(), null, "sub", null, agentCwd)).workingDir());
    }

    @Test
    void aMissingFileIsNotFound() {
        Failed failed = failed(ExecutableResolver.resolve("/no/such/file", null, null, null, agentCwd));
        assertEquals(LaunchFailure.NOT_FOUND, failed.reason());
        assertEquals("/no/such/file: no such file", failed.message());
        Failed relative = failed(ExecutableResolver.resolve("./nope", null, dir.toString(), null, agentCwd));
        assertEquals("./nope (in working directory " + dir + "): no such file", relative.message());
    }

    @Test
    void aFileWithoutExecutePermissionIsNotExecutable() throws IOException {
        Path data = Files.writeString(dir.resolve("data.txt"), "x");
        Failed failed = failed(ExecutableResolver.resolve(data.toString(), null, null, null, agentCwd));
        assertEquals(LaunchFailure.NOT_EXECUTABLE, failed.reason());
        assertEquals(data + ": permission denied (not executable)", failed.message());
    }

    @Test
    void aDirectoryIsNotExecutable() {
        Failed failed = failed(ExecutableResolver.resolve(bin.toString(), null, null, null, agentCwd));
        assertEquals(LaunchFailure.NOT_EXECUTABLE, failed.reason());
        assertEquals(bin + ": is a directory", failed.message());
    }

    @Test
    void aMissingWorkingDirectoryIsBadWdir() {
        Failed failed = failed(ExecutableResolver.resolve(tool.toString(), null, "/x", null, agentCwd));
        assertEquals(LaunchFailure.BAD_WDIR, failed.reason());
        assertEquals("working directory /x does not exist", failed.message());
    }

    @Test
    void aFileAsWorkingDirectoryIsBadWdir() {
        Failed failed = failed(ExecutableResolver.resolve("tool", null, tool.toString(), bin.toString(), agentCwd));
        assertEquals(LaunchFailure.BAD_WDIR, failed.reason());
        assertEquals("working directory " + tool + " is not a directory", failed.message());
    }

    @Test
    void anEmptyCommandIsAnError() {
        assertEquals(LaunchFailure.ERROR, failed(ExecutableResolver.resolve(" ", null, null, null, agentCwd)).reason());
    }

    private static Path executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static Found found(Resolution r) {
        return assertInstanceOf(Found.class, r, () -> "expected the executable to be found: " + r);
    }

    private static Failed failed(Resolution r) {
        return assertInstanceOf(Failed.class, r, () -> "expected a failure: " + r);
    }
}
