package io.kpm.scheduler.spawn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.LaunchRequested;
import io.kpm.schemas.events.PlacementInput;
import io.kpm.schemas.events.RankLaunch;
import io.kpm.schemas.events.RankPlacement;
import io.kpm.schemas.events.SpawnRequested;
import io.kpm.scheduler.placement.PlacedRank;
import io.kpm.scheduler.placement.PlacementResult.Placed;

/** The events that make an accepted spawn request a job: JobAccepted, JobPlaced, one LaunchRequested per node. */
public final class NewJob {

    private NewJob() {
    }

    public static String kvsname(long pgid) {
        return "kvs_kpm_" + pgid;
    }

    /**
     * @param input  what the placement was computed from, recorded in JobPlaced
     * @param pmiIds one per rank, in rank order
     */
    public static List<KpmEvent> events(long pgid, SpawnRequested request, Placed placement, PlacementInput input,
            List<Integer> pmiIds, Supplier<EventMeta> meta) {
        return events(pgid, request, placement, input, pmiIds, Map.of(), meta);
    }

    /** @param rankEnv environment added to single ranks' app env, by rank (debugger daemons: what they debug) */
    public static List<KpmEvent> events(long pgid, SpawnRequested request, Placed placement, PlacementInput input,
            List<Integer> pmiIds, Map<Integer, Map<String, String>> rankEnv, Supplier<EventMeta> meta) {
        String kvsname = kvsname(pgid);
        int size = placement.size();
        List<KpmEvent> out = new ArrayList<>();
        out.add(new JobAccepted(meta.get(), pgid, request.requestId(), kvsname, request.spawnerPgid(), size,
                request.apps(), request.preput(), request.jobInfo(), request.pmiEndpoint()));

        List<RankPlacement> ranks = new ArrayList<>();
        Map<String, List<RankLaunch>> launchesByNode = new LinkedHashMap<>();
        placement.nodes().forEach(node -> launchesByNode.put(node, new ArrayList<>()));
        for (PlacedRank placed : placement.ranks()) {
            int pmiId = pmiIds.get(placed.rank());
            ranks.add(new RankPlacement(placed.rank(), placed.nodeId(), placed.appnum(), pmiId, placed.cpus()));
            AppSpec app = request.apps().get(placed.appnum());
            Map<String, String> env = app.env();
            if (rankEnv.containsKey(placed.rank())) {
                env = new LinkedHashMap<>(app.env());
                env.putAll(rankEnv.get(placed.rank()));
            }
            launchesByNode.get(placed.nodeId()).add(new RankLaunch(placed.rank(), placed.appnum(), pmiId, app.cmd(),
                    app.argv(), env, orInfo(app.wdir(), app, "wdir"), orInfo(app.path(), app, "path"), app.envOps(),
                    placed.cpus()));
        }
        out.add(new JobPlaced(meta.get(), pgid, kvsname, size, placement.nodes(), ranks, placement.processMapping(),
                input));

        boolean spawned = request.spawnerPgid() != null;
        Integer stdinRank = spawned ? null : stdinRank(request.jobInfo(), size);
        launchesByNode.forEach((node, launches) -> out.add(new LaunchRequested(meta.get(), node, pgid, kvsname, size,
                spawned, request.pmiEndpoint(), launches,
                launches.stream().anyMatch(r -> Integer.valueOf(r.rank()).equals(stdinRank)) ? stdinRank : null)));
        return out;
    }

    /**
     * The rank whose stdin the launcher forwards ({@code jobInfo.stdin}, validated by the gateway), or null. Groups
     * spawned by ranks never get one: only the launcher has a stdin to give, as under mpiexec.
     */
    static Integer stdinRank(Map<String, String> jobInfo, int size) {
        String value = jobInfo.get("stdin");
        if (value == null) return null;
        try {
            int rank = Integer.parseInt(value.trim());
            return rank >= 0 && rank < size ? rank : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String orInfo(String value, AppSpec app, String infoKey) {
        if (value != null && !value.isBlank()) return value;
        String fromInfo = app.info().get(infoKey);
        return fromInfo == null || fromInfo.isBlank() ? null : fromInfo;
    }
}
