package io.kpm.cli.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import io.kpm.cli.http.GatewayClient;
import io.kpm.cli.http.JobView;
import io.kpm.cli.http.JobView.RankView;

/**
 * {@code -print-bindings}: one line per rank with its node and the cpus its agent bound it to (from the job view,
 * which takes them from ProcStarted), printed before the ranks' output as Hydra prints its binding report.
 */
final class BindingReport {

    /** The gateway folds events as they come; the placement reaches its view soon after the spawn answers. */
    private static final int ATTEMPTS = 50;
    private static final long PAUSE_MILLIS = 100;

    private final GatewayClient client;
    private final PrintStream out;

    BindingReport(GatewayClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    void print(long pgid) {
        JobView view = client.job(pgid);
        for (int i = 0; i < ATTEMPTS && !placed(view); i++) {
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            view = client.job(pgid);
        }
        lines(view).forEach(out::println);
        out.flush();
    }

    private static boolean placed(JobView view) {
        return view.size() != null && view.ranks().size() == view.size() && view.ranks().stream().allMatch(r -> r.nodeId() != null);
    }

    /** "rank 0 on node-0: cpus 0" or "rank 0 on node-0: not bound". */
    static List<String> lines(JobView view) {
        List<String> lines = new ArrayList<>();
        for (RankView rank : view.ranks()) {
            String node = rank.nodeId() == null ? "(not placed yet)" : rank.nodeId();
            lines.add("rank " + rank.rank() + " on " + node + ": "
                    + (rank.cpus() == null ? "not bound" : "cpus " + rank.cpus()));
        }
        return lines;
    }
}
