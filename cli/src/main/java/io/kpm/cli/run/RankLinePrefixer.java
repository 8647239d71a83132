package io.kpm.cli.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * With {@code -l}: every line starts with {@code "[rank] "}, or {@code "[pgid,rank] "} for a group the job's ranks
 * spawned (Hydra labels those with their rank alone, which cannot tell them from the job's own ranks). A partial line is held back per rank and stream until
 * its newline arrives, so ranks writing at the same time never share a line. A line longer than
 * {@link #MAX_HELD} bytes is written in pieces (only the first has the prefix); at the end, held-back partial
 * lines are written with a newline added.
 */
public final class RankLinePrefixer implements RankOutput {

    static final int MAX_HELD = 64 * 1024;

    private record Key(int rank, Stream stream) {
    }

    /** The bytes of the current line not written yet, and whether its start (with the prefix) was written. */
    private static final class Line {
        final ByteArrayOutputStream held = new ByteArrayOutputStream();
        boolean started;
    }

    private final OutputStream stdout;
    private final OutputStream stderr;
    private final String group;
    private final Map<Key, Line> lines = new LinkedHashMap<>();

    /** For the job's own ranks: {@code "[rank] "}. */
    public RankLinePrefixer(OutputStream stdout, OutputStream stderr) {
        this(stdout, stderr, null);
    }

    /** For the ranks of a spawned group: {@code "[pgid,rank] "}. */
    public RankLinePrefixer(OutputStream stdout, OutputStream stderr, Long spawnedPgid) {
        this.stdout = Objects.requireNonNull(stdout);
        this.stderr = Objects.requireNonNull(stderr);
        this.group = spawnedPgid == null ? "" : spawnedPgid + ",";
    }

    @Override
    public synchronized void write(int rank, Stream stream, byte[] data) {
        Line line = lines.computeIfAbsent(new Key(rank, stream), k -> new Line());
        OutputStream out = stream == Stream.STDERR ? stderr : stdout;
        ByteArrayOutputStream complete = new ByteArrayOutputStream();
        int from = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] != '\n') continue;
            line.held.write(data, from, i + 1 - from);
            emit(complete, rank, line);
            from = i + 1;
        }
        line.held.write(data, from, data.length - from);
        if (line.held.size() > MAX_HELD) emit(complete, rank, line);
        write(out, complete.toByteArray());
    }

    /** Moves the held bytes to {@code target}, prefixed unless they continue a line already begun. */
    private void emit(ByteArrayOutputStream target, int rank, Line line) {
        byte[] held = line.held.toByteArray();
        line.held.reset();
        if (!line.started) target.writeBytes(prefix(rank));
        target.writeBytes(held);
        line.started = held.length > 0 && held[held.length - 1] != '\n';
    }

    @Override
    public synchronized void finish() {
        for (Map.Entry<Key, Line> entry : lines.entrySet()) {
            Line line = entry.getValue();
            if (line.held.size() == 0 && !line.started) continue;
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            emit(rest, entry.getKey().rank(), line);
            rest.write('\n');
            line.started = false;
            write(entry.getKey().stream() == Stream.STDERR ? stderr : stdout, rest.toByteArray());
        }
    }

    private byte[] prefix(int rank) {
        return ("[" + group + rank + "] ").getBytes(StandardCharsets.UTF_8);
    }

    private static void write(OutputStream out, byte[] bytes) {
        if (bytes.length == 0) return;
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the job's output: " + e.getMessage(), e);
        }
    }
}
