package io.kpm.schemas.events;

import io.kpm.schemas.Topics;

/**
 * Bytes a rank wrote to stdout or stderr, in order ({@code seq} counts chunks per rank and stream from 0).
 * {@code data} is base64 in JSON. The last chunk of a stream has {@code eof} true (and may be empty), so that
 * readers know the output of a rank is complete. A node agent publishes at most {@code kpm.agent.output-cap}
 * bytes per rank and stream: when a rank wrote more, its eof chunk has {@code truncated} true, {@code keptBytes}
 * (the bytes on the topic for that stream) and {@code droppedBytes} (what the rank wrote beyond them); otherwise
 * both are 0. Events written before these fields existed read as not truncated.
 */
public record OutputChunk(
        EventMeta meta,
        long pgid,
        int rank,
        String nodeId,
        OutputStream stream,
        long seq,
        byte[] data,
        boolean eof,
        boolean truncated,
        long keptBytes,
        long droppedBytes) implements KpmEvent, JobScoped {

    public OutputChunk {
        data = data == null ? new byte[0] : data;
        if (truncated && !eof) throw new IllegalArgumentException("only the eof chunk of a stream says it was truncated");
    }

    /** A chunk of a stream that was not truncated. */
    public OutputChunk(EventMeta meta, long pgid, int rank, String nodeId, OutputStream stream, long seq, byte[] data,
                       boolean eof) {
        this(meta, pgid, rank, nodeId, stream, seq, data, eof, false, 0, 0);
    }

    @Override
    public String kafkaKey() {
        return Long.toString(pgid);
    }

    @Override
    public String topic() {
        return Topics.PROC_OUTPUT;
    }
}
