package io.kpm.scheduler.placement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a spawn of debugger daemons names (PMIx's {@code PMIX_DEBUGGER_DAEMONS} with {@code PMIX_DEBUG_TARGET} and
 * one of {@code PMIX_DEBUG_DAEMONS_PER_NODE} / {@code _PER_PROC}), as the job-info keys the gateway records:
 * {@value #TARGET_KEY} = the target's pgid, {@value #MODE_KEY} = {@code per-node} or {@code per-proc}.
 */
public record DebugTarget(long pgid, Mode mode) {

    public static final String TARGET_KEY = "kpm.debug.target";
    public static final String MODE_KEY = "kpm.debug.mode";

    public enum Mode {
        /** One daemon on each node that runs a rank of the target, in the target's node order. */
        PER_NODE("per-node"),
        /** One daemon per rank of the target, on that rank's node, in rank order. */
        PER_PROC("per-proc");

        private final String text;

        Mode(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public static Mode parse(String text) {
            for (Mode m : values()) {
                if (m.text.equals(text)) return m;
            }
            return null;
        }
    }

    /** One rank of the target and the node it runs on, as its JobPlaced recorded it. */
    public record TargetRank(int rank, String nodeId) {
    }

    /**
     * The debug target a job-info map names; empty when it names none. A malformed one is the gateway's to refuse; here
     * it reads as {@link Malformed}.
     */
    public static Parsed of(Map<String, String> jobInfo) {
        String target = jobInfo == null ? null : jobInfo.get(TARGET_KEY);
        if (target == null) return new None();
        Mode mode = Mode.parse(jobInfo.getOrDefault(MODE_KEY, ""));
        long pgid;
        try {
            pgid = Long.parseLong(target.trim());
        } catch (NumberFormatException e) {
            return new Malformed(TARGET_KEY + " must be a pgid, got '" + target + "'");
        }
        if (pgid < 0) return new Malformed(TARGET_KEY + " must be a pgid, got '" + target + "'");
        if (mode == null) {
            return new Malformed(MODE_KEY + " must be per-node or per-proc, got '" + jobInfo.get(MODE_KEY) + "'");
        }
        return new Named(new DebugTarget(pgid, mode));
    }

    /** Whether a job-info map asks for debugger daemons. */
    public sealed interface Parsed {
    }

    public record None() implements Parsed {
    }

    public record Named(DebugTarget target) implements Parsed {
    }

    public record Malformed(String reason) implements Parsed {
    }

    /** The target ranks each daemon serves, by daemon index: one node's ranks (per-node) or one rank (per-proc). */
    public static List<List<Integer>> served(Mode mode, List<TargetRank> target) {
        if (mode == Mode.PER_PROC) return target.stream().map(r -> List.of(r.rank())).toList();
        Map<String, List<Integer>> byNode = new LinkedHashMap<>();
        for (TargetRank r : target) byNode.computeIfAbsent(r.nodeId(), n -> new ArrayList<>()).add(r.rank());
        return byNode.values().stream().map(List::copyOf).toList();
    }
}
