package io.kpm.gateway.signal;

import java.util.List;

import io.kpm.gateway.jobs.JobView;
import io.kpm.gateway.jobs.RankState;
import io.kpm.gateway.jobs.RankView;

/** The nodes a signal for a job goes to: each node with a rank of the job that started and has not exited. Pure. */
public final class SignalTargets {

    private SignalTargets() {
    }

    public static List<String> nodes(JobView job) {
        return job.ranks().stream()
                .filter(r -> r.state() == RankState.STARTED && r.nodeId() != null)
                .map(RankView::nodeId)
                .distinct()
                .sorted()
                .toList();
    }
}
