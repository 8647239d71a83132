package io.kpm.nodeagent.launch;

import java.util.LinkedHashMap;
import java.util.Map;

import io.kpm.schemas.events.LaunchRequested;
import io.kpm.schemas.events.RankLaunch;

/**
 * The environment of a rank (docs/architecture.md, "Rank environment"): the agent's own, then the app's
 * {@code env}, then its environment operations (prepend, append, unset: {@link EnvOps}), then the PMI and kpm
 * variables, which nothing before them can override.
 */
public final class RankEnvironment {

    private RankEnvironment() {
    }

    /** @param agentRun the agent run's tag ({@code NodeIdentity#agentRun}), which kills find processes by */
    public static Map<String, String> of(Map<String, String> agentEnv, LaunchRequested request, RankLaunch rank,
            String nodeId, String agentRun) {
        Map<String, String> env = new LinkedHashMap<>(agentEnv);
        env.putAll(rank.env());
        EnvOps.apply(rank.envOps(), env);
        if (request.pmiEndpoint() != null) env.put("PMI_PORT", request.pmiEndpoint());
        env.put("PMI_ID", Integer.toString(rank.pmiId()));
        env.put("PMI_RANK", Integer.toString(rank.rank()));
        env.put("PMI_SIZE", Integer.toString(request.size()));
        env.put("PMI_APPNUM", Integer.toString(rank.appnum()));
        if (request.kvsname() != null) env.put("PMI_JOBID", request.kvsname());
        // a PMI client takes any PMI_SPAWNED as "I was spawned": one inherited from the agent must not leak in
        if (request.spawned()) {
            env.put("PMI_SPAWNED", "1");
        } else {
            env.remove("PMI_SPAWNED");
        }
        env.put("KPM_PGID", Long.toString(request.pgid()));
        env.put("KPM_NODE_ID", nodeId);
        env.put("KPM_AGENT_RUN", agentRun);
        return env;
    }
}
