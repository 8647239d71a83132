package io.kpm.cli.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Without {@code -l}: each chunk goes straight to our stdout or stderr, unchanged. */
public final class RawOutput implements RankOutput {

    private final OutputStream stdout;
    private final OutputStream stderr;

    public RawOutput(OutputStream stdout, OutputStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public synchronized void write(int rank, Stream stream, byte[] data) {
        OutputStream out = stream == Stream.STDERR ? stderr : stdout;
        try {
            out.write(data);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the job's output: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void finish() {
        try {
            stdout.flush();
            stderr.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the job's output: " + e.getMessage(), e);
        }
    }
}
