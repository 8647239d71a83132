package io.kpm.cli.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * {@code -outfile-pattern}/{@code -errfile-pattern}: each rank's stdout and/or stderr goes to the file its
 * pattern names; a stream without a pattern goes to {@code terminal}. As Hydra does, a file is made (mode
 * 0600, emptied if it exists) when output for it first arrives, so a rank that writes nothing leaves no file;
 * ranks whose names resolve to the same file share it, and with {@code -l} the lines there carry the rank too.
 * A file that cannot be opened is reported once and its ranks' output goes to the terminal instead.
 */
public final class RankFileOutput implements RankOutput {

    private final OutputFilePattern stdoutPattern;
    private final OutputFilePattern stderrPattern;
    private final RankOutput terminal;
    private final LongSupplier pgid;
    private final IntFunction<OutputFilePattern.Place> places;
    private final BiFunction<OutputStream, OutputStream, RankOutput> format;
    private final Path base;
    private final PrintStream err;
    private final Map<Path, Opened> files = new LinkedHashMap<>();
    private final Set<Path> unwritable = new HashSet<>();
    /** Files closed by {@link #finish()}: output arriving after it is added to them, never truncating them. */
    private final Set<Path> finished = new HashSet<>();

    private record Opened(OutputStream stream, RankOutput output) {
    }

    /**
     * @param stdoutPattern null: stdout to the terminal; likewise {@code stderrPattern}
     * @param pgid the job's (or spawned group's) pgid, asked at the first output (it is known by then)
     * @param places where each rank runs, asked only for patterns with %h or %p
     * @param format how chunks become bytes in one file (raw or rank-labelled), given the file as both streams
     * @param base the directory relative file names start from (the caller's)
     */
    public RankFileOutput(OutputFilePattern stdoutPattern, OutputFilePattern stderrPattern, RankOutput terminal,
            LongSupplier pgid, IntFunction<OutputFilePattern.Place> places,
            BiFunction<OutputStream, OutputStream, RankOutput> format, Path base, PrintStream err) {
        this.stdoutPattern = stdoutPattern;
        this.stderrPattern = stderrPattern;
        this.terminal = terminal;
        this.pgid = pgid;
        this.places = places;
        this.format = format;
        this.base = base;
        this.err = err;
    }

    @Override
    public synchronized void write(int rank, Stream stream, byte[] data) {
        OutputFilePattern pattern = stream == Stream.STDERR ? stderrPattern : stdoutPattern;
        Opened file = pattern == null ? null : fileFor(pattern, rank);
        (file == null ? terminal : file.output()).write(rank, stream, data);
    }

    private Opened fileFor(OutputFilePattern pattern, int rank) {
        Path path;
        try {
            OutputFilePattern.Place place = pattern.needsPlace() ? places.apply(rank) : null;
            path = base.resolve(pattern.resolve(rank, pgid.getAsLong(), place)).normalize();
        } catch (RuntimeException e) {
            err.println("kpm run: cannot name the output file of rank " + rank + " (" + e.getMessage()
                    + "); its output goes to the terminal");
            return null;
        }
        Opened opened = files.get(path);
        if (opened != null || unwritable.contains(path)) return opened;
        try {
            StandardOpenOption mode = finished.contains(path) ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
            OutputStream stream = Channels.newOutputStream(Files.newByteChannel(path,
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
            opened = new Opened(stream, format.apply(stream, stream));
            files.put(path, opened);
            return opened;
        } catch (IOException | UnsupportedOperationException e) {
            unwritable.add(path);
            err.println("kpm run: cannot write " + path + " (" + e + "); that output goes to the terminal");
            return null;
        }
    }

    @Override
    public synchronized void finish() {
        terminal.finish();
        for (Map.Entry<Path, Opened> file : files.entrySet()) {
            try {
                file.getValue().output().finish();
                file.getValue().stream().close();
            } catch (IOException | RuntimeException e) {
                err.println("kpm run: cannot finish writing " + file.getKey() + ": " + e.getMessage());
            }
        }
        finished.addAll(files.keySet());
        files.clear();
    }
}
