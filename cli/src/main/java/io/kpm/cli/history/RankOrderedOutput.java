package io.kpm.cli.history;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

import io.kpm.cli.run.RankOutput;

/**
 * Holds an ended job's output back and writes it rank by rank, in rank order, each rank's bytes in the order the
 * rank wrote them (stdout to our stdout, stderr to our stderr).
 */
final class RankOrderedOutput implements RankOutput {

    private final OutputStream stdout;
    private final OutputStream stderr;
    private final Map<Integer, ByteArrayOutputStream[]> ranks = new TreeMap<>();

    RankOrderedOutput(OutputStream stdout, OutputStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public void write(int rank, Stream stream, byte[] data) {
        ByteArrayOutputStream[] held = ranks.computeIfAbsent(rank,
                r -> new ByteArrayOutputStream[] {new ByteArrayOutputStream(), new ByteArrayOutputStream()});
        held[stream.ordinal()].writeBytes(data);
    }

    @Override
    public void finish() {
        try {
            for (ByteArrayOutputStream[] held : ranks.values()) {
                held[Stream.STDOUT.ordinal()].writeTo(stdout);
                held[Stream.STDERR.ordinal()].writeTo(stderr);
            }
            ranks.clear();
            stdout.flush();
            stderr.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the job's output: " + e.getMessage(), e);
        }
    }
}
