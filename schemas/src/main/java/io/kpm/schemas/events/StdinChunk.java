package io.kpm.schemas.events;

import io.kpm.schemas.Topics;

/**
 * Bytes for one rank's stdin, in order ({@code seq} counts the chunks of the job's stdin from 0), as {@code mpiexec}
 * forwards its own stdin to rank 0. {@code data} is base64 in JSON. The chunk with {@code eof} true (which may be
 * empty) closes the rank's stdin. Keyed by the rank's node, like kpm.launch, so that each node agent reads only the
 * partition of its own node.
 */
public record StdinChunk(
        EventMeta meta,
        String nodeId,
        long pgid,
        int rank,
        long seq,
        byte[] data,
        boolean eof) implements KpmEvent, JobScoped {

    public StdinChunk {
        data = data == null ? new byte[0] : data;
    }

    @Override
    public String kafkaKey() {
        return nodeId;
    }

    @Override
    public String topic() {
        return Topics.PROC_INPUT;
    }
}
