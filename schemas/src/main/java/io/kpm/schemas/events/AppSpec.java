package io.kpm.schemas.events;

import java.util.List;
import java.util.Map;

/**
 * One command of a spawn (one "app" in PMIx terms): {@code maxprocs} copies of {@code cmd} with the
 * arguments {@code argv} (the arguments only, not the command itself). {@code path} is a directory prepended
 * to {@code cmd}; {@code wdir} the working directory (null: the spawner's); {@code hosts} restricts the
 * nodes (empty: all live nodes); {@code ppn} places that many ranks per node instead of each node's core
 * count; {@code info} holds every info key as given, including ones kpm does not interpret; {@code envOps} change
 * variables relative to their value on the node (PMIx's prepend/append/unset; empty for most requests, absent in
 * events written before it existed).
 */
public record AppSpec(
        String cmd,
        List<String> argv,
        Map<String, String> env,
        String wdir,
        String path,
        int maxprocs,
        List<String> hosts,
        Integer ppn,
        Map<String, String> info,
        List<EnvOp> envOps) {

    /** An app without environment operations. */
    public AppSpec(String cmd, List<String> argv, Map<String, String> env, String wdir, String path, int maxprocs,
            List<String> hosts, Integer ppn, Map<String, String> info) {
        this(cmd, argv, env, wdir, path, maxprocs, hosts, ppn, info, List.of());
    }

    /** The same app with another maxprocs (a flexible count resolved by placement). */
    public AppSpec withMaxprocs(int count) {
        return new AppSpec(cmd, argv, env, wdir, path, count, hosts, ppn, info, envOps);
    }

    public AppSpec {
        argv = argv == null ? List.of() : List.copyOf(argv);
        env = env == null ? Map.of() : Map.copyOf(env);
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        info = info == null ? Map.of() : Map.copyOf(info);
        envOps = envOps == null ? List.of() : List.copyOf(envOps);
    }
}
