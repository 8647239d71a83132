package io.kpm.schemas.events;

/** Why a node agent could not start a rank. */
public enum LaunchFailure {
    /** The executable does not exist (after applying path, wdir and PATH). */
    NOT_FOUND,
    /** The file exists but may not be executed. */
    NOT_EXECUTABLE,
    /** The working directory does not exist or is not a directory. */
    BAD_WDIR,
    /** Anything else the operating system refused; the message says what. */
    ERROR;

    /** The exit status {@code kpm run} reports for it, as a shell would. */
    public int exitStatus() {
        return switch (this) {
            case NOT_FOUND -> 127;
            case NOT_EXECUTABLE -> 126;
            default -> 1;
        };
    }
}
