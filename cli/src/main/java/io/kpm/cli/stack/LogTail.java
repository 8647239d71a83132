package io.kpm.cli.stack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a log file (from an offset on), to show why a service did not come up. */
public final class LogTail {

    /** Enough for the lines that explain a failed start; a log that ran long is not what this is for. */
    private static final int MAX_BYTES = 256 * 1024;

    private LogTail() {
    }

    public static List<String> lastLines(Path log, int count) {
        return lastLines(log, 0, count);
    }

    public static List<String> lastLines(Path log, long from, int count) {
        if (!Files.isRegularFile(log)) return List.of();
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(from, file.length() - MAX_BYTES);
            if (file.length() <= start) return List.of();
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> lines = List.of(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
            return lines.subList(Math.max(0, lines.size() - count), lines.size());
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }
}
