package io.kpm.cli.run;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import io.kpm.cli.CliFailure;

/** The job's host list, from -hosts or a hostfile, and the ranks per node a hostfile's uniform cores imply. */
record JobHosts(List<String> names, Integer ppn) {

    static JobHosts of(GlobalOptions global, Path callerCwd, Function<String, RuntimeException> usage) {
        if (global.hosts != null && global.hostfile != null) throw usage.apply("give either --hosts or -f/--hostfile, not both");
        if (global.hostfile == null) {
            List<String> names = global.hosts == null ? List.of() : global.hosts.stream().map(String::strip).toList();
            if (names.stream().anyMatch(String::isEmpty)) {
                throw usage.apply("--hosts has an empty host name: " + String.join(",", global.hosts));
            }
            return new JobHosts(names, null);
        }
        Hostfile file;
        try {
            file = Hostfile.read(callerCwd.resolve(global.hostfile));
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.USAGE, e.getMessage());
        }
        Integer ppn = file.uniformCores().orElse(null);
        if (ppn == null && file.hasCores() && global.ppn == null) {
            System.err.println("kpm run: the hostfile gives different core counts; kpm places one count per node"
                    + " for all hosts (--ppn), so each node's own core count is used");
        }
        return new JobHosts(file.names(), ppn);
    }
}
