package io.kpm.cli.run;

/** Where the ranks' output goes, chunk by chunk as the gateway streams it. */
public interface RankOutput {

    enum Stream { STDOUT, STDERR }

    void write(int rank, Stream stream, byte[] data);

    /** The job ended: write out anything held back. */
    void finish();
}
