package io.kpm.nodeagent.launch;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import io.kpm.schemas.events.LaunchFailure;

/**
 * Finds the file a rank runs and the directory it runs in, the way a shell's exec would but without a shell:
 * {@code path/cmd} when {@code path} is set; a name containing '/' is taken relative to the working directory;
 * a bare name is searched in the PATH of the rank's own environment. Checking before starting the process lets
 * a failure say exactly what is wrong instead of the OS's "error=2".
 */
public final class ExecutableResolver {

    /** What to run, or why it cannot be run. */
    public sealed interface Resolution permits Found, Failed {
    }

    public record Found(Path executable, Path workingDir) implements Resolution {
    }

    public record Failed(LaunchFailure reason, String message) implements Resolution {
    }

    private ExecutableResolver() {
    }

    /**
     * @param cmd        the command as the app gave it
     * @param path       a directory to prepend to cmd, or null
     * @param wdir       the rank's working directory, or null for the agent's
     * @param searchPath the PATH of the rank's environment (null when it has none)
     * @param agentCwd   the agent's working directory (absolute)
     */
    public static Resolution resolve(String cmd, String path, String wdir, String searchPath, Path agentCwd) {
        Path workingDir;
        try {
            workingDir = wdir == null || wdir.isBlank() ? agentCwd : agentCwd.resolve(wdir).normalize();
        } catch (InvalidPathException e) {
            return new Failed(LaunchFailure.BAD_WDIR, "working directory " + wdir + " is not a valid path: " + e.getReason());
        }
        if (!Files.exists(workingDir)) {
            return new Failed(LaunchFailure.BAD_WDIR, "working directory " + wdir + " does not exist");
        }
        if (!Files.isDirectory(workingDir)) {
            return new Failed(LaunchFailure.BAD_WDIR, "working directory " + wdir + " is not a directory");
        }
        if (cmd == null || cmd.isBlank()) {
            return new Failed(LaunchFailure.ERROR, "no command given");
        }
        String name = path == null || path.isBlank() ? cmd : stripTrailingSlash(path) + "/" + cmd;
        try {
            return name.contains("/") ? fileAt(name, workingDir) : searchPath(name, searchPath, workingDir);
        } catch (InvalidPathException e) {
            return new Failed(LaunchFailure.NOT_FOUND, name + ": not a valid file name: " + e.getReason());
        }
    }

    private static Resolution fileAt(String name, Path workingDir) {
        Path file = workingDir.resolve(name).normalize();
        String shown = Path.of(name).isAbsolute() ? name : name + " (in working directory " + workingDir + ")";
        if (!Files.exists(file)) return new Failed(LaunchFailure.NOT_FOUND, shown + ": no such file");
        if (Files.isDirectory(file)) return new Failed(LaunchFailure.NOT_EXECUTABLE, shown + ": is a directory");
        if (!Files.isExecutable(file)) {
            return new Failed(LaunchFailure.NOT_EXECUTABLE, shown + ": permission denied (not executable)");
        }
        return new Found(file, workingDir);
    }

    private static Resolution searchPath(String name, String searchPath, Path workingDir) {
        if (searchPath == null) {
            return new Failed(LaunchFailure.NOT_FOUND, name + ": command not found (the rank's environment has no PATH)");
        }
        Path notExecutable = null;
        // split with -1 keeps empty entries: like a shell, an empty PATH entry means the working directory
        for (String dir : searchPath.split(":", -1)) {
            Path candidate;
            try {
                candidate = workingDir.resolve(dir).resolve(name).normalize();
            } catch (InvalidPathException e) {
                continue;
            }
            if (Files.isRegularFile(candidate)) {
                if (Files.isExecutable(candidate)) return new Found(candidate, workingDir);
                if (notExecutable == null) notExecutable = candidate;
            }
        }
        if (notExecutable != null) {
            return new Failed(LaunchFailure.NOT_EXECUTABLE, name + ": found " + notExecutable
                    + " on PATH but it is not executable (permission denied)");
        }
        return new Failed(LaunchFailure.NOT_FOUND, name + ": command not found in PATH " + searchPath);
    }

    private static String stripTrailingSlash(String dir) {
        return dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    }
}
