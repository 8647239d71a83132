package io.kpm.nodeagent.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.kpm.schemas.cpu.CpuList;
import io.kpm.schemas.events.CpuTopology;

/**
 * Binds a rank to its cpus at exec: the rank runs through {@code taskset -c LIST} (util-linux, on every Debian),
 * which sets the affinity and execs the program in the same process, so the pid the agent records, signals and
 * kills are the rank's own. Hydra's proxy does the same with hwloc_set_cpubind before exec.
 */
final class CpuBinding {

    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/taskset"), Path.of("/bin/taskset"));

    /** Either the command to run, or why the rank cannot be bound as asked. */
    sealed interface Outcome {
    }

    record Command(List<String> command) implements Outcome {
    }

    record Refused(String reason) implements Outcome {
    }

    private final Optional<Path> taskset;

    CpuBinding() {
        this(CANDIDATES.stream().filter(Files::isExecutable).findFirst());
    }

    CpuBinding(Optional<Path> taskset) {
        this.taskset = taskset;
    }

    /**
     * @param cpus     the rank's cpus (Linux list), null: not bound, the command as it is
     * @param topology this node's cpus as the agent registered them, null when unknown (then any list is tried)
     */
    Outcome wrap(List<String> command, String cpus, CpuTopology topology) {
        if (cpus == null) return new Command(command);
        List<Integer> wanted;
        try {
            wanted = CpuList.parse(cpus);
        } catch (IllegalArgumentException e) {
            return new Refused("cannot bind to cpus \"" + cpus + "\": " + e.getMessage());
        }
        if (topology != null) {
            List<Integer> outside = new ArrayList<>(wanted);
            outside.removeAll(topology.hwthreads());
            if (!outside.isEmpty()) {
                return new Refused("cannot bind to cpus " + cpus + ": this agent may use only cpus "
                        + CpuList.format(topology.hwthreads()));
            }
        }
        if (taskset.isEmpty()) {
            return new Refused("cannot bind to cpus " + cpus + ": taskset (util-linux) is not installed on this node");
        }
        List<String> wrapped = new ArrayList<>(List.of(taskset.get().toString(), "-c", CpuList.format(wanted)));
        wrapped.addAll(command);
        return new Command(wrapped);
    }
}
