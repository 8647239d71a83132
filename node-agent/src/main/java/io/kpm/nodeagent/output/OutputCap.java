package io.kpm.nodeagent.output;

/**
 * How many bytes of one rank stream still go to kpm.proc.output: the first {@code capBytes}, then none. Counts
 * what was kept and what was dropped, for the eof chunk that tells readers the stream was truncated. Used by one
 * pump thread only.
 */
final class OutputCap {

    private final long capBytes;
    private long kept;
    private long dropped;

    OutputCap(long capBytes) {
        if (capBytes < 1) throw new IllegalArgumentException("the output cap must be at least 1 byte, got " + capBytes);
        this.capBytes = capBytes;
    }

    /** Of {@code read} bytes just read, how many (from the start) to publish; the rest are dropped. */
    int take(int read) {
        int keep = (int) Math.min(read, capBytes - kept);
        kept += keep;
        dropped += read - keep;
        return keep;
    }

    boolean truncated() {
        return dropped > 0;
    }

    long kept() {
        return kept;
    }

    long dropped() {
        return dropped;
    }

    long capBytes() {
        return capBytes;
    }
}
