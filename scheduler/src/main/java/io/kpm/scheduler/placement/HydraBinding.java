package io.kpm.scheduler.placement;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kpm.schemas.cpu.BindingPolicy;
import io.kpm.schemas.cpu.BindingPolicy.Level;
import io.kpm.schemas.cpu.CpuList;
import io.kpm.schemas.events.CpuTopology;

/**
 * Hydra's binding rule as a pure function of the policy and one node's topology (no Kafka, no clock): the list of
 * binding cpu sets of the node, of which the node's i-th rank (in rank order, counting the job's ranks on that node
 * only, as Hydra's proxy counts its processes) takes the {@code i mod n}-th. It follows Hydra 4.2's
 * {@code handle_bitmap_binding} (lib/tools/topo/hwloc/topo_hwloc.c) on kpm's topology model:
 * <ol>
 * <li>mapping domains: the {@code -map-by} objects, {@code count} consecutive ones per domain, wrapping round;</li>
 * <li>in each domain, from its first cpu, bind to the {@code -bind-to} object(s) that hold the domain's next cpu;</li>
 * <li>the sets go out domain by domain in turn, each domain's start moving on by the size of a binding.</li>
 * </ol>
 * So {@code -bind-to core} gives core 0, core 1, ...; {@code -bind-to core -map-by socket} alternates the sockets;
 * a rank beyond the last set wraps round to the first (oversubscription shares cores, as Hydra does).
 * Positions are hwloc's logical order (by socket then core); sets are OS cpu ids.
 */
public final class HydraBinding {

    private HydraBinding() {
    }

    /** The policy cannot be applied to this node; the message says why. */
    public static final class Unbindable extends Exception {
        Unbindable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @return the node's binding sets, in the order its ranks take them; for {@code user:} the list given (ranks
     *         beyond it are not bound), else never empty
     */
    public static List<String> sets(BindingPolicy policy, CpuTopology topology) throws Unbindable {
        List<Integer> pus = topology.hwthreads();
        if (pus.isEmpty()) throw new Unbindable("it reported no cpus");
        if (policy.binding() instanceof BindingPolicy.RoundRobin) {
            return pus.stream().sorted().map(cpu -> Integer.toString(cpu)).toList();
        }
        if (policy.binding() instanceof BindingPolicy.User user) {
            Set<Integer> known = Set.copyOf(pus);
            List<String> sets = new ArrayList<>();
            for (List<Integer> set : user.sets()) {
                for (int cpu : set) {
                    if (!known.contains(cpu)) {
                        throw new Unbindable("bind-to user: cpu " + cpu + " is not one of its cpus ("
                                + CpuList.format(pus) + ")");
                    }
                }
                sets.add(CpuList.format(set));
            }
            return sets;
        }
        BindingPolicy.Objects bind = (BindingPolicy.Objects) policy.binding();
        Level mapLevel = policy.mapLevel() != null ? policy.mapLevel() : bind.level();
        int mapCount = policy.mapLevel() != null ? policy.mapCount() : bind.count();
        return new Domains(topology).sets(bind.level(), bind.count(), mapLevel, mapCount);
    }

    /** The topology as cpu sets over logical positions (index into the node's hardware threads). */
    private static final class Domains {
        private final List<Integer> pus;
        private final Map<Integer, Integer> positionOf = new HashMap<>();
        private final CpuTopology topology;

        Domains(CpuTopology topology) {
            this.topology = topology;
            this.pus = topology.hwthreads();
            for (int at = 0; at < pus.size(); at++) positionOf.putIfAbsent(pus.get(at), at);
        }

        /** The objects of a level as sets of logical positions, without repeats, by their first position. */
        List<BitSet> objects(Level level) {
            List<List<Integer>> groups = switch (level) {
                case MACHINE -> List.of(pus);
                case SOCKET -> topology.sockets();
                case NUMA -> topology.numaNodes();
                case CORE -> topology.cores();
                case HWTHREAD -> pus.stream().map(List::of).toList();
            };
            // MCDRAM-like duplicates share a cpuset: Hydra counts such objects once, so does this
            Set<BitSet> distinct = new LinkedHashSet<>();
            for (List<Integer> group : groups) {
                BitSet set = new BitSet();
                for (int cpu : group) {
                    Integer at = positionOf.get(cpu);
                    if (at != null) set.set(at);
                }
                if (!set.isEmpty()) distinct.add(set);
            }
            // a level the agent could not read (no NUMA information) is the whole machine, as hwloc shows it
            if (distinct.isEmpty()) distinct.add(all());
            List<BitSet> sorted = new ArrayList<>(distinct);
            sorted.sort(Comparator.comparingInt(set -> set.nextSetBit(0)));
            return sorted;
        }

        private BitSet all() {
            BitSet set = new BitSet();
            set.set(0, pus.size());
            return set;
        }

        /** The smallest object of any level whose set holds {@code domain} (hwloc_get_obj_covering_cpuset). */
        BitSet covering(BitSet domain) {
            BitSet best = all();
            for (Level level : Level.values()) {
                for (BitSet object : objects(level)) {
                    BitSet outside = (BitSet) domain.clone();
                    outside.andNot(object);
                    if (outside.isEmpty() && object.cardinality() < best.cardinality()) best = object;
                }
            }
            return best;
        }

        List<String> sets(Level bindLevel, int bindCount, Level mapLevel, int mapCount) throws Unbindable {
            int totalPus = pus.size();
            List<BitSet> bindList = objects(bindLevel);
            List<BitSet> mapList = objects(mapLevel);

            int pusInMap = totalPus / mapList.size() * mapCount;
            if (pusInMap > totalPus) {
                throw new Unbindable("map-by " + mapLevel.spelling() + ":" + mapCount + " is larger than the node ("
                        + mapList.size() + " " + mapLevel.spelling() + " object(s), " + totalPus + " cpus)");
            }
            int times = 1;
            while ((times * mapList.size()) % mapCount != 0) times++;
            int mapDomains = times * mapList.size() / mapCount;
            BitSet[] domains = new BitSet[mapDomains];
            int[] start = new int[mapDomains];
            for (int j = 0; j < mapDomains; j++) {
                domains[j] = new BitSet();
                for (int k = 0; k < mapCount; k++) {
                    BitSet object = mapList.get((j * mapCount + k) % mapList.size());
                    if (k == 0) start[j] = object.nextSetBit(0);
                    domains[j].or(object);
                }
            }

            int pusInBind = Math.max(1, totalPus / bindList.size() * bindCount);
            boolean bindSmaller = pusInBind < pusInMap;
            int count;
            if (bindSmaller) {
                int k = 1;
                while ((k * pusInMap) % pusInBind != 0) k++;
                count = k * pusInMap * mapDomains / pusInBind;
            } else {
                count = mapDomains;
            }

            // each domain's covering object is needed only when bindings step inside it, and never changes
            BitSet[] covers = new BitSet[mapDomains];
            if (bindSmaller) {
                for (int j = 0; j < mapDomains; j++) covers[j] = covering(domains[j]);
            }
            List<String> sets = new ArrayList<>();
            while (sets.size() < count) {
                for (int j = 0; j < mapDomains && sets.size() < count; j++) {
                    int current = 0;
                    for (int k = 0; k < bindList.size(); k++) {
                        if (bindList.get(k).get(start[j])) {
                            current = k;
                            break;
                        }
                    }
                    BitSet cover = covers[j];
                    BitSet set = new BitSet();
                    for (int c = 0; c < bindCount; c++) {
                        set.or(bindList.get(current));
                        if (bindSmaller) {
                            // the next binding object inside the domain's covering object, wrapping round
                            int next = (current + 1) % bindList.size();
                            while (next != current && !within(bindList.get(next), cover)) {
                                next = (next + 1) % bindList.size();
                            }
                            current = next;
                        } else {
                            current = (current + 1) % bindList.size();
                        }
                    }
                    sets.add(cpus(set));
                    if (bindSmaller) {
                        for (int k = 0; k < pusInBind; k++) {
                            int next = domains[j].nextSetBit(start[j] + 1);
                            start[j] = next >= 0 ? next : domains[j].nextSetBit(0);
                        }
                    }
                }
            }
            return sets;
        }

        private static boolean within(BitSet object, BitSet cover) {
            BitSet outside = (BitSet) object.clone();
            outside.andNot(cover);
            return outside.isEmpty();
        }

        private String cpus(BitSet positions) {
            List<Integer> cpus = new ArrayList<>();
            positions.stream().forEach(at -> cpus.add(pus.get(at)));
            return CpuList.format(cpus);
        }
    }
}
