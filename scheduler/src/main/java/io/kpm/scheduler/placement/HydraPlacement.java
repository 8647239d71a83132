package io.kpm.scheduler.placement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.kpm.schemas.cpu.BindingPolicy;
import io.kpm.schemas.events.AppSpec;
import io.kpm.scheduler.placement.PlacementResult.Placed;
import io.kpm.scheduler.placement.PlacementResult.Refused;

/**
 * Hydra's placement rule as a pure function of the request's apps and the live nodes (no Kafka, no clock).
 *
 * <p>Each app's node list is its hosts (in the order given; a name matches a nodeId, or else every node with
 * that hostname), or else every live node that is not draining, sorted by nodeId in {@link NaturalOrder}.
 * Ranks fill the list round-robin in blocks of each node's core count (or of the app's ppn), wrapping round
 * when the ranks outnumber the cores. An app continues where the previous one stopped when that node is on its
 * list; appnum is the app's index. The host name {@code localhost} means the node the spawning rank runs on
 * (PMI-WIRE.md §5) when the request comes from a rank; from a launcher it is an ordinary name.
 *
 * <p>A {@link BindingPolicy} (the job's {@code bind-to}/{@code map-by}) binds each rank to cpus of its node
 * ({@link HydraBinding}); its {@code map-by node} makes the blocks one rank long, whatever the ppn.
 */
public final class HydraPlacement {

    /** More ranks than this in one spawn is a mistake, not a job: refuse before building huge events. */
    public static final int MAX_RANKS = 100_000;

    private HydraPlacement() {
    }

    /** A spawn without a spawning rank (from a launcher). */
    public static PlacementResult place(List<AppSpec> apps, List<PlacementNode> liveNodes) {
        return place(apps, liveNodes, null);
    }

    /** @param spawnerNode the nodeId the spawning rank runs on, or null when a launcher asked */
    public static PlacementResult place(List<AppSpec> apps, List<PlacementNode> liveNodes, String spawnerNode) {
        return place(apps, liveNodes, spawnerNode, BindingPolicy.NONE);
    }

    /** @param policy how ranks are mapped and bound on their nodes ({@link BindingPolicy#NONE}: not bound) */
    public static PlacementResult place(List<AppSpec> apps, List<PlacementNode> liveNodes, String spawnerNode,
            BindingPolicy policy) {
        try {
            Placed placed = placeOrRefuse(apps, liveNodes, spawnerNode, policy.byNode());
            return policy.binds() ? bind(placed, liveNodes, policy) : placed;
        } catch (Refusal refusal) {
            return refusal.refused;
        }
    }

    /** Refusing deep inside the node-list rules is simplest as an exception that never leaves this class. */
    private static final class Refusal extends RuntimeException {
        final Refused refused;

        Refusal(int status, String reason) {
            super(reason, null, false, false);
            this.refused = new Refused(status, reason);
        }
    }

    private static Placed placeOrRefuse(List<AppSpec> apps, List<PlacementNode> liveNodes, String spawnerNode,
            boolean oneRankBlocks) {
        if (apps == null || apps.isEmpty()) throw new Refusal(400, "the spawn request has no apps");
        long total = 0;
        List<Integer> ppns = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) {
            AppSpec app = apps.get(i);
            if (app == null) throw new Refusal(400, "app " + i + " is missing (null)");
            if (app.cmd() == null || app.cmd().isBlank()) throw new Refusal(400, "app " + i + ": cmd is empty");
            if (app.maxprocs() <= 0) {
                throw new Refusal(400, "app " + i + ": maxprocs must be at least 1, got " + app.maxprocs());
            }
            total += app.maxprocs();
            Integer ppn = ppnOf(i, app);
            ppns.add(oneRankBlocks ? Integer.valueOf(1) : ppn);
        }
        if (total > MAX_RANKS) {
            throw new Refusal(400, "the spawn asks for " + total + " ranks; at most " + MAX_RANKS + " are allowed");
        }
        if (liveNodes.isEmpty()) {
            throw new Refusal(503, "no live node to place ranks on: no node agent is registered and heartbeating");
        }

        List<PlacedRank> ranks = new ArrayList<>();
        Map<String, Integer> nodeIndex = new LinkedHashMap<>();
        List<Integer> nodeIndexOfRank = new ArrayList<>();
        String cursorNode = null;
        int usedInBlock = 0;
        for (int appnum = 0; appnum < apps.size(); appnum++) {
            AppSpec app = apps.get(appnum);
            List<PlacementNode> nodes = nodeListOf(appnum, app, liveNodes, spawnerNode);
            Integer ppn = ppns.get(appnum);

            int at = 0;
            int used = 0;
            for (int k = 0; k < nodes.size(); k++) {
                if (nodes.get(k).nodeId().equals(cursorNode)) {
                    at = k;
                    used = usedInBlock;
                }
            }
            // a flexible count (minprocs) takes what the node list holds, between minprocs and maxprocs
            FlexibleCount.Count count = FlexibleCount.of(appnum, app, nodes, ppn);
            if (count instanceof FlexibleCount.TooFew few) throw new Refusal(503, few.reason());
            int procs = ((FlexibleCount.Ranks) count).count();
            for (int k = 0; k < procs; k++) {
                if (used >= blockSize(nodes.get(at), ppn)) {
                    at = (at + 1) % nodes.size();
                    used = 0;
                }
                String nodeId = nodes.get(at).nodeId();
                int rank = ranks.size();
                ranks.add(new PlacedRank(rank, nodeId, appnum));
                nodeIndexOfRank.add(nodeIndex.computeIfAbsent(nodeId, id -> nodeIndex.size()));
                used++;
            }
            cursorNode = nodes.get(at).nodeId();
            usedInBlock = used;
        }
        return new Placed(ranks, List.copyOf(nodeIndex.keySet()), ProcessMapping.of(nodeIndexOfRank));
    }

    /** Each node's ranks, in rank order, take its binding sets in turn, wrapping round as Hydra's proxy does. */
    private static Placed bind(Placed placed, List<PlacementNode> liveNodes, BindingPolicy policy) {
        Map<String, List<String>> setsByNode = new LinkedHashMap<>();
        for (String nodeId : placed.nodes()) {
            PlacementNode node = liveNodes.stream().filter(n -> n.nodeId().equals(nodeId)).findFirst().orElseThrow();
            if (node.topology() == null) {
                throw new Refusal(503, "cannot bind ranks on " + node.describe() + ": its agent reported no cpu "
                        + "topology (an agent older than binding); run it without -bind-to or upgrade the agent");
            }
            try {
                setsByNode.put(nodeId, HydraBinding.sets(policy, node.topology()));
            } catch (HydraBinding.Unbindable e) {
                throw new Refusal(400, "cannot bind ranks on " + node.describe() + ": " + e.getMessage());
            }
        }
        Map<String, Integer> nextOnNode = new LinkedHashMap<>();
        List<PlacedRank> bound = new ArrayList<>();
        for (PlacedRank rank : placed.ranks()) {
            List<String> sets = setsByNode.get(rank.nodeId());
            int local = nextOnNode.merge(rank.nodeId(), 1, Integer::sum) - 1;
            boolean user = policy.binding() instanceof BindingPolicy.User;
            // Hydra leaves the ranks beyond a user list unbound; every other list wraps round
            String cpus = user ? (local < sets.size() ? sets.get(local) : null) : sets.get(local % sets.size());
            bound.add(rank.boundTo(cpus));
        }
        return new Placed(bound, placed.nodes(), placed.processMapping());
    }

    private static int blockSize(PlacementNode node, Integer ppn) {
        return ppn != null ? ppn : Math.max(1, node.cores());
    }

    /** @return the app's ppn (AppSpec.ppn, else info "ppn"), null when not given */
    private static Integer ppnOf(int appnum, AppSpec app) {
        Integer ppn = app.ppn();
        if (ppn == null) {
            String fromInfo = app.info().get("ppn");
            if (fromInfo == null || fromInfo.isBlank()) return null;
            try {
                ppn = Integer.parseInt(fromInfo.trim());
            } catch (NumberFormatException e) {
                throw new Refusal(400, "app " + appnum + ": info ppn must be a whole number, got '" + fromInfo + "'");
            }
        }
        if (ppn <= 0) throw new Refusal(400, "app " + appnum + ": ppn must be at least 1, got " + ppn);
        return ppn;
    }

    /** The hosts the app names: AppSpec.hosts, else the comma lists of info "hosts" and "host". */
    static List<String> hostsOf(AppSpec app) {
        List<String> given = new ArrayList<>(app.hosts());
        if (given.isEmpty()) {
            for (String key : List.of("hosts", "host")) {
                String value = app.info().get(key);
                if (value != null) given.addAll(List.of(value.split(",")));
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : given) {
            if (name != null && !name.isBlank()) names.add(name.trim());
        }
        return List.copyOf(names);
    }

    private static List<PlacementNode> nodeListOf(int appnum, AppSpec app, List<PlacementNode> liveNodes,
            String spawnerNode) {
        List<String> hosts = hostsOf(app);
        if (hosts.isEmpty()) {
            List<PlacementNode> usable = liveNodes.stream()
                    .filter(n -> !n.draining())
                    .sorted((a, b) -> NaturalOrder.INSTANCE.compare(a.nodeId(), b.nodeId()))
                    .toList();
            if (usable.isEmpty()) {
                throw new Refusal(503, "no live node takes new ranks: every node is draining ("
                        + describe(liveNodes) + ")");
            }
            return usable;
        }
        Set<PlacementNode> chosen = new LinkedHashSet<>();
        for (String given : hosts) {
            String host = "localhost".equals(given) && spawnerNode != null ? spawnerNode : given;
            List<PlacementNode> matches = liveNodes.stream().filter(n -> n.nodeId().equals(host)).toList();
            if (matches.isEmpty()) {
                matches = liveNodes.stream()
                        .filter(n -> host.equals(n.hostname()))
                        .sorted((a, b) -> NaturalOrder.INSTANCE.compare(a.nodeId(), b.nodeId()))
                        .toList();
            }
            if (matches.isEmpty()) {
                throw new Refusal(404, "app " + appnum + ": unknown host '" + host + "'; the registered nodes are: "
                        + describe(liveNodes));
            }
            chosen.addAll(matches);
        }
        List<PlacementNode> usable = chosen.stream().filter(n -> !n.draining()).toList();
        if (usable.isEmpty()) {
            throw new Refusal(503, "app " + appnum + ": every host it names is draining and takes no new ranks ("
                    + describe(List.copyOf(chosen)) + ")");
        }
        return usable;
    }

    private static String describe(List<PlacementNode> nodes) {
        return nodes.stream()
                .sorted((a, b) -> NaturalOrder.INSTANCE.compare(a.nodeId(), b.nodeId()))
                .map(PlacementNode::describe)
                .collect(Collectors.joining(", "));
    }
}
