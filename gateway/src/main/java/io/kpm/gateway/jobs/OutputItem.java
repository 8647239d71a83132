package io.kpm.gateway.jobs;

import io.kpm.schemas.events.OutputStream;

/**
 * What an output stream carries: a rank's bytes, the marks that output was cut (a rank stream by its node agent,
 * or the job's output by the gateway's own cap), the end.
 */
public sealed interface OutputItem {

    record Data(int rank, OutputStream stream, byte[] data) implements OutputItem {
    }

    /** The job's output passed {@code kpm.gateway.output-cap}: the gateway keeps no more of it. */
    record Truncated(long capBytes) implements OutputItem {
    }

    /** A node agent published only {@code keptBytes} of a rank stream and dropped the rest (kpm.agent.output-cap). */
    record RankTruncated(int rank, OutputStream stream, String nodeId, long keptBytes, long droppedBytes)
            implements OutputItem {
    }

    record End(JobView job) implements OutputItem {
    }
}
