package io.kpm.gateway.spawn;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

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

    /**
     * Every rank started: seen by this gateway in the agents' ProcStarted records, or told by the scheduler's
     * SpawnCompleted, whichever comes first. {@code errcodes} has one 0 per rank.
     */
    record Completed(long pgid, String kvsname, List<Integer> errcodes) implements SpawnOutcome {
        public Completed {
            errcodes = List.copyOf(errcodes);
        }

        static Completed of(SpawnCompleted e) {
            return new Completed(e.pgid(), e.kvsname(), e.errcodes());
        }

        static Completed allStarted(long pgid, String kvsname, int size) {
            return new Completed(pgid, kvsname, Collections.nCopies(size, 0));
        }
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
