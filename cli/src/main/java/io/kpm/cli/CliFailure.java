package io.kpm.cli;

/** A failure to report to the user as one line, {@code kpm <command>: <message>}, with this exit code. */
public final class CliFailure extends RuntimeException {

    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliFailure(String message) {
        this(FAILED, message);
    }

    public CliFailure(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = FAILED;
    }

    public int exitCode() {
        return exitCode;
    }
}
