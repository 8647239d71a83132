package io.kpm.gateway.stdin;

import java.util.Optional;

import io.kpm.gateway.jobs.JobView;
import io.kpm.gateway.jobs.RankState;
import io.kpm.gateway.jobs.RankView;

/** Where a job's stdin goes now, or why it cannot go anywhere: a pure decision on the job's view. */
public sealed interface StdinTarget {

    /** Publish to the node that runs the rank. */
    record Forward(String nodeId, int rank) implements StdinTarget {
    }

    /** Answer with this problem; {@code slug} names it for clients (a launcher stops sending on any of them). */
    record Refused(int status, String slug, String detail) implements StdinTarget {
    }

    static StdinTarget of(JobView job, Optional<Integer> stdinRank) {
        long pgid = job.pgid();
        if (stdinRank.isEmpty()) {
            return new Refused(409, "no-stdin", "job " + pgid + " was not started with its stdin forwarded "
                    + "(jobInfo.stdin names the rank that reads it; kpm run sets it to 0)");
        }
        int rank = stdinRank.get();
        if (job.state().ended()) {
            return new Refused(409, "job-ended", "job " + pgid + " has ended (" + job.state() + "): its stdin is closed");
        }
        RankView view = job.ranks().stream().filter(r -> r.rank() == rank).findFirst().orElse(null);
        if (view == null || view.state() == RankState.PENDING || view.nodeId() == null) {
            return new Refused(503, "stdin-not-ready", "rank " + rank + " of job " + pgid
                    + " has not started yet; send its stdin once the spawn answered");
        }
        if (view.state() != RankState.STARTED) {
            return new Refused(409, "stdin-closed", "rank " + rank + " of job " + pgid + " has "
                    + (view.state() == RankState.EXITED ? "exited" : "failed to start") + ": nobody reads its stdin");
        }
        return new Forward(view.nodeId(), rank);
    }
}
