package io.kpm.scheduler.placement;

import java.util.List;

import io.kpm.schemas.events.AppSpec;

/**
 * How many ranks an app gets when its count is flexible: PMIx's {@code maxprocs} is a maximum, and kpm's v2 API lets
 * a caller say the least it accepts ({@code minprocs}, recorded as the app info key {@value #MIN_KEY}, like MPI's
 * {@code soft} info key). kpm starts as many as fit on the app's node list, one per slot (a node's cores, or the
 * app's ppn per node), but at least minprocs and at most maxprocs; below minprocs the spawn is refused. Without
 * minprocs the count is exactly maxprocs (oversubscribing when it must), as before. Pure, like {@link HydraPlacement}.
 */
public final class FlexibleCount {

    public static final String MIN_KEY = "kpm.minprocs";

    private FlexibleCount() {
    }

    /** A count, or why there is none. */
    public sealed interface Count {
    }

    public record Ranks(int count) implements Count {
    }

    public record TooFew(String reason) implements Count {
    }

    /**
     * @param nodes the app's node list as placement chose it
     * @param ppn   the app's ranks per node, null: each node's cores
     */
    public static Count of(int appnum, AppSpec app, List<PlacementNode> nodes, Integer ppn) {
        String min = app.info().get(MIN_KEY);
        if (min == null || min.isBlank()) return new Ranks(app.maxprocs());
        int least;
        try {
            least = Integer.parseInt(min.trim());
        } catch (NumberFormatException e) {
            return new TooFew("app " + appnum + ": " + MIN_KEY + " must be a whole number, got '" + min + "'");
        }
        if (least < 1 || least > app.maxprocs()) {
            return new TooFew("app " + appnum + ": minprocs must be between 1 and maxprocs (" + app.maxprocs()
                    + "), got " + least);
        }
        long slots = 0;
        for (PlacementNode node : nodes) slots += ppn != null ? ppn : Math.max(1, node.cores());
        if (slots < least) {
            return new TooFew("app " + appnum + ": at least " + least + " ranks were asked for, but its nodes have "
                    + slots + " slot(s)");
        }
        return new Ranks((int) Math.min(slots, app.maxprocs()));
    }
}
