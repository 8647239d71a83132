package io.kpm.gateway.jobs;

import io.kpm.schemas.events.OutputStream;

/** What an output stream carries: a rank's bytes, the mark that the job's output hit the cap, the end. */
public sealed interface OutputItem {

    record Data(int rank, OutputStream stream, byte[] data) implements OutputItem {
    }

    record Truncated(long capBytes) implements OutputItem {
    }

    record End(JobView job) implements OutputItem {
    }
}
