package io.kpm.schemas.events;

import java.util.List;
import java.util.Map;

/**
 * Everything a node agent needs to start one rank: the command (with {@code path} prepended when set),
 * its arguments, the app's environment (the agent adds the PMI variables), the working directory, and the
 * environment operations the agent applies on top of {@code env} (see {@link EnvOp}), and the cpus the rank is bound
 * to ({@code cpus}, Linux list format; null: not bound).
 */
public record RankLaunch(
        int rank,
        int appnum,
        int pmiId,
        String cmd,
        List<String> argv,
        Map<String, String> env,
        String wdir,
        String path,
        List<EnvOp> envOps,
        String cpus) {

    /** A launch not bound to cpus. */
    public RankLaunch(int rank, int appnum, int pmiId, String cmd, List<String> argv, Map<String, String> env,
            String wdir, String path, List<EnvOp> envOps) {
        this(rank, appnum, pmiId, cmd, argv, env, wdir, path, envOps, null);
    }

    /** A launch without environment operations. */
    public RankLaunch(int rank, int appnum, int pmiId, String cmd, List<String> argv, Map<String, String> env,
            String wdir, String path) {
        this(rank, appnum, pmiId, cmd, argv, env, wdir, path, List.of(), null);
    }

    public RankLaunch {
        argv = argv == null ? List.of() : List.copyOf(argv);
        env = env == null ? Map.of() : Map.copyOf(env);
        envOps = envOps == null ? List.of() : List.copyOf(envOps);
    }
}
