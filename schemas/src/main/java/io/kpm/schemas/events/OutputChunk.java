package io.kpm.schemas.events;

import io.kpm.schemas.Topics;

/**
 * Bytes a rank wrote to stdout or stderr, in order ({@code seq} counts chunks per rank and stream from 0).
 * {@code data} is base64 in JSON. The last chunk of a stream has {@code eof} true (and may be empty), so that
 * readers know the output of a rank is complete.
 */
public record OutputChunk(
        EventMeta meta,
        long pgid,
        int rank,
        String nodeId,
        OutputStream stream,
        long seq,
        byte[] data,
        boolean eof) implements KpmEvent {

    public OutputChunk {
        data = data == null ? new byte[0] : data;
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
