package io.kpm.cli.run;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

import io.kpm.cli.http.GatewayClient;
import io.kpm.cli.http.JobView;

/**
 * Where a job's ranks run, for the %h and %p of an output file pattern: asked of the gateway once, when the
 * first output arrives (the ranks are placed by then), and again for a rank the answer did not have yet.
 */
final class GatewayRankPlaces implements IntFunction<OutputFilePattern.Place> {

    private final GatewayClient gateway;
    private final LongSupplier pgid;
    private JobView job;

    GatewayRankPlaces(GatewayClient gateway, LongSupplier pgid) {
        this.gateway = gateway;
        this.pgid = pgid;
    }

    @Override
    public synchronized OutputFilePattern.Place apply(int rank) {
        OutputFilePattern.Place place = job == null ? null : placeIn(job, rank);
        if (place == null) {
            job = gateway.job(pgid.getAsLong());
            place = placeIn(job, rank);
        }
        if (place == null) throw new IllegalStateException("job " + pgid.getAsLong() + " has no rank " + rank);
        return place;
    }

    /**
     * The node's index is its place in the job's node list, which is the order the nodes first appear in rank
     * order (the scheduler's placement, and the order PMI_process_mapping counts in).
     */
    static OutputFilePattern.Place placeIn(JobView job, int rank) {
        List<String> order = job.ranks().stream()
                .sorted(Comparator.comparingInt(JobView.RankView::rank))
                .map(JobView.RankView::nodeId)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        for (JobView.RankView r : job.ranks()) {
            if (r.rank() == rank && r.nodeId() != null) return new OutputFilePattern.Place(r.nodeId(), order.indexOf(r.nodeId()));
        }
        return null;
    }
}
