package io.kpm.gateway.spawn;

import java.time.Duration;

import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.SpawnCompleted;
import io.kpm.schemas.events.SpawnFailed;

/** How a spawn request ended for the one who asked. */
public sealed interface SpawnOutcome {

    /** The scheduler gave the job a pgid (enough for {@code wait=false}). */
    record Accepted(long pgid, String kvsname) implements SpawnOutcome {
        static Accepted of(JobAccepted e) {
            return new Accepted(e.pgid(), e.kvsname());
        }

        static Accepted of(SpawnCompleted e) {
            return new Accepted(e.pgid(), e.kvsname());
        }
    }

    /** Every rank started. */
    record Completed(SpawnCompleted event) implements SpawnOutcome {
    }

    /** The scheduler refused the spawn or its launch failed. */
    record Failed(SpawnFailed event) implements SpawnOutcome {
    }

    /** Not accepted within the spawn timeout: past its deadline, the scheduler will not run it. */
    record TimedOut(String requestId, Duration after) implements SpawnOutcome {
    }

    /**
     * Accepted as job {@code pgid}, but its ranks had not all started (nor failed) within the spawn timeout after
     * that: the scheduler's launch deadline normally ends such a job; this one may still start.
     */
    record StartTimedOut(long pgid, Duration after) implements SpawnOutcome {
    }

    /** The request could not be written to Kafka. */
    record NotPublished(String message) implements SpawnOutcome {
    }
}
