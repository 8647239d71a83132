package io.kpm.nodeagent.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.kpm.schemas.cpu.CpuList;
import io.kpm.schemas.events.CpuTopology;

/**
 * The node's processors read from Linux's /sys (no hwloc needed): each cpu's socket
 * ({@code cpu/cpuN/topology/physical_package_id}) and core ({@code core_id}), and each NUMA node's
 * {@code node/nodeN/cpulist}, restricted to the cpus this process may run on (its affinity mask and cgroup cpuset,
 * as {@code Cpus_allowed_list} in /proc/self/status shows them): the agent hands out only cpus its ranks can have.
 * Cores are ordered by socket then core id, as hwloc's logical order is; a core's threads by cpu id.
 */
public final class SysTopology {

    private SysTopology() {
    }

    /** This machine, as this process sees it; empty when /sys does not say (not Linux, /sys not mounted). */
    public static Optional<CpuTopology> readThisMachine() {
        try {
            return read(Path.of("/sys/devices/system"), allowedOfThisProcess());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The cpus this process may run on, from /proc/self/status; null when it cannot be read. */
    static List<Integer> allowedOfThisProcess() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return CpuList.parse(line.substring("Cpus_allowed_list:".length()));
            }
        }
        return null;
    }

    /**
     * @param system  a directory laid out as /sys/devices/system (with cpu/ and, optionally, node/)
     * @param allowed the cpus that may be used, null: every online cpu
     */
    public static Optional<CpuTopology> read(Path system, List<Integer> allowed) throws IOException {
        Path cpuDir = system.resolve("cpu");
        if (!Files.isDirectory(cpuDir)) return Optional.empty();
        Set<Integer> usable = new TreeSet<>();
        try (Stream<Path> entries = Files.list(cpuDir)) {
            entries.map(p -> p.getFileName().toString()).filter(n -> n.matches("cpu[0-9]+"))
                    .map(n -> Integer.parseInt(n.substring(3))).forEach(usable::add);
        }
        Path online = cpuDir.resolve("online");
        if (Files.isReadable(online)) usable.retainAll(CpuList.parse(Files.readString(online)));
        if (allowed != null) usable.retainAll(allowed);

        // socket id -> core id -> threads; a cpu without topology files is a core and socket of its own
        Map<Integer, Map<Integer, List<Integer>>> sockets = new TreeMap<>();
        for (int cpu : usable) {
            Path topo = cpuDir.resolve("cpu" + cpu).resolve("topology");
            int socket = number(topo.resolve("physical_package_id")).orElse(0);
            int core = number(topo.resolve("core_id")).orElse(cpu);
            sockets.computeIfAbsent(socket, s -> new TreeMap<>()).computeIfAbsent(core, c -> new ArrayList<>()).add(cpu);
        }
        if (sockets.isEmpty()) return Optional.empty();
        List<List<Integer>> socketCpus = new ArrayList<>();
        List<List<Integer>> cores = new ArrayList<>();
        sockets.values().forEach(coresOf -> {
            List<Integer> all = new ArrayList<>();
            coresOf.values().forEach(threads -> {
                threads.sort(Comparator.naturalOrder());
                cores.add(threads);
                all.addAll(threads);
            });
            all.sort(Comparator.naturalOrder());
            socketCpus.add(all);
        });
        return Optional.of(new CpuTopology(socketCpus, numaNodes(system.resolve("node"), usable), cores));
    }

    private static List<List<Integer>> numaNodes(Path nodeDir, Set<Integer> usable) throws IOException {
        if (!Files.isDirectory(nodeDir)) return List.of();
        Map<Integer, List<Integer>> nodes = new TreeMap<>();
        try (Stream<Path> entries = Files.list(nodeDir)) {
            for (Path entry : entries.filter(p -> p.getFileName().toString().matches("node[0-9]+")).toList()) {
                Path cpulist = entry.resolve("cpulist");
                if (!Files.isReadable(cpulist) || Files.readString(cpulist).isBlank()) continue;
                List<Integer> cpus = new ArrayList<>(CpuList.parse(Files.readString(cpulist)));
                cpus.retainAll(usable);
                if (!cpus.isEmpty()) nodes.put(Integer.parseInt(entry.getFileName().toString().substring(4)), cpus);
            }
        }
        return new ArrayList<>(new LinkedHashMap<>(nodes).values());
    }

    private static Optional<Integer> number(Path file) {
        try {
            return Optional.of(Integer.parseInt(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
