package io.kpm.gateway.pmi.command;

import java.util.List;
import java.util.Map;

/** One command of a spawn: {@code maxprocs} copies of {@code execname} with {@code argv}; info keys in order. */
public record SpawnCommand(String execname, int maxprocs, List<String> argv, Map<String, String> info) {
    public SpawnCommand {
        argv = List.copyOf(argv);
    }
}
