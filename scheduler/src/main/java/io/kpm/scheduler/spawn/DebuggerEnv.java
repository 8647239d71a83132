package io.kpm.scheduler.spawn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.kpm.scheduler.jobs.Job;
import io.kpm.scheduler.jobs.Rank;
import io.kpm.scheduler.placement.DebugTarget;
import io.kpm.scheduler.placement.DebugTarget.TargetRank;
import io.kpm.scheduler.placement.PlacementResult.Refused;

/**
 * What each debugger daemon is told about its target, in its environment: what a tool needs to attach (the pids
 * of the target ranks it serves) and to talk to the target's PMI server. Pure: from the target job as the book
 * holds it when the daemons are decided (every rank started, so every pid is known).
 */
public final class DebuggerEnv {

    public static final String PGID = "KPM_DEBUG_TARGET_PGID";
    public static final String KVSNAME = "KPM_DEBUG_TARGET_KVSNAME";
    public static final String SIZE = "KPM_DEBUG_TARGET_SIZE";
    public static final String PMI_PORT = "KPM_DEBUG_TARGET_PMI_PORT";
    public static final String MODE = "KPM_DEBUG_MODE";
    public static final String RANKS = "KPM_DEBUG_RANKS";
    public static final String PIDS = "KPM_DEBUG_PIDS";

    private DebuggerEnv() {
    }

    /** The target's ranks and nodes, as placement takes them. */
    public static List<TargetRank> ranksOf(Job target) {
        return target.ranks().stream().map(r -> new TargetRank(r.rank(), r.nodeId())).toList();
    }

    /** One environment per daemon, by daemon rank. */
    public static Map<Integer, Map<String, String>> of(DebugTarget debug, Job target) {
        List<List<Integer>> served = DebugTarget.served(debug.mode(), ranksOf(target));
        Map<Integer, Map<String, String>> out = new HashMap<>();
        for (int daemon = 0; daemon < served.size(); daemon++) {
            Map<String, String> env = new HashMap<>();
            env.put(PGID, Long.toString(target.pgid()));
            env.put(KVSNAME, target.kvsname());
            env.put(SIZE, Integer.toString(target.size()));
            if (target.pmiEndpoint() != null) env.put(PMI_PORT, target.pmiEndpoint());
            env.put(MODE, debug.mode().text());
            List<String> pids = new ArrayList<>();
            for (int rank : served.get(daemon)) {
                Long pid = target.ranks().get(rank).pid();
                pids.add(pid == null ? "-" : pid.toString());
            }
            env.put(RANKS, served.get(daemon).stream().map(String::valueOf).collect(Collectors.joining(",")));
            env.put(PIDS, String.join(",", pids));
            out.put(daemon, env);
        }
        return out;
    }

    /**
     * Why daemons cannot be put beside this job now: 404 there is no such job, 409 it ended or has not started every
     * rank (the daemons are told every pid). Empty: they can.
     */
    public static Optional<Refused> notAttachable(long pgid, Job target) {
        if (target == null) return Optional.of(new Refused(404, "no job " + pgid + " to debug"));
        if (target.ended()) {
            return Optional.of(new Refused(409, "job " + pgid + " has ended (" + target.state() + "): nothing to debug"));
        }
        if (!target.reachedRunning() || !target.ranks().stream().allMatch(Rank::wasStarted)) {
            return Optional.of(new Refused(409, "job " + pgid + " is not running yet (" + target.state()
                    + "): debugger daemons need every rank's pid"));
        }
        return Optional.empty();
    }
}
