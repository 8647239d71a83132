package io.kpm.cli.run;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Hydra's {@code -configfile}: one app group per line, written as on the command line after {@code mpiexec}.
 * As in Hydra, {@code #} starts a comment anywhere on a line, blank lines are skipped, words are split at
 * whitespace with no quoting ({@code "a b"} is the two words {@code "a} and {@code b"}), and a {@code :} on a
 * line separates groups as it does on the command line.
 */
public final class ConfigFile {

    /** A group's words and the line it came from, for error messages. */
    public record Line(int number, List<String> words) {
        public Line {
            words = List.copyOf(words);
        }
    }

    private ConfigFile() {
    }

    /** @throws IllegalArgumentException naming the file when it cannot be read */
    public static List<Line> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configfile " + file + ": " + reason(e), e);
        }
        return parse(lines, file.toString());
    }

    /** @throws IllegalArgumentException when the file names no app group */
    public static List<Line> parse(List<String> lines, String source) {
        List<Line> groups = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            int hash = text.indexOf('#');
            if (hash >= 0) text = text.substring(0, hash);
            text = text.strip();
            if (text.isEmpty()) continue;
            List<String> words = new ArrayList<>();
            for (String word : text.split("\\s+")) {
                if (word.equals(":")) {
                    groups.add(new Line(i + 1, words));
                    words = new ArrayList<>();
                } else {
                    words.add(word);
                }
            }
            groups.add(new Line(i + 1, words));
        }
        if (groups.isEmpty()) throw new IllegalArgumentException("configfile " + source + " has no app group in it");
        return groups;
    }

    /** NoSuchFileException and its kin say only the path, which the message already names. */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
