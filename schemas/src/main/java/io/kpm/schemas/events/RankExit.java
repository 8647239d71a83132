package io.kpm.schemas.events;

/**
 * How one rank ended. {@code exitCode} follows the shell's convention: 128+N for a rank killed by signal N.
 * A rank that never started has {@code exitCode} null.
 */
public record RankExit(int rank, String nodeId, Integer exitCode) {
}
