package io.kpm.schemas.events;

import java.util.ArrayList;
import java.util.List;

/**
 * A node's processors as its agent found them (Linux /sys, within the agent's own affinity mask and cpuset), as OS
 * cpu ids: each socket's cpus, each NUMA node's cpus, each core's hardware threads. Cores are in hwloc's logical
 * order (by socket, then core), so the hardware threads in that order are the node's cpus in logical order; binding
 * (Hydra's {@code -bind-to}) is computed from this alone, by the scheduler and by {@code kpm replay --check}.
 */
public record CpuTopology(List<List<Integer>> sockets, List<List<Integer>> numaNodes, List<List<Integer>> cores) {

    public CpuTopology {
        sockets = copy(sockets);
        numaNodes = copy(numaNodes);
        cores = copy(cores);
    }

    /** Every cpu (hardware thread) of the node, in logical order. */
    public List<Integer> hwthreads() {
        List<Integer> all = new ArrayList<>();
        cores.forEach(all::addAll);
        return all;
    }

    private static List<List<Integer>> copy(List<List<Integer>> groups) {
        return groups == null ? List.of() : groups.stream().map(List::copyOf).toList();
    }
}
