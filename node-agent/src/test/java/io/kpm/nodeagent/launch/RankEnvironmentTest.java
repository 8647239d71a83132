package io.kpm.nodeagent.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kpm.schemas.events.EnvOp;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.LaunchRequested;
import io.kpm.schemas.events.Producer;
import io.kpm.schemas.events.RankLaunch;

class RankEnvironmentTest {

    private static final Map<String, String> AGENT = Map.of("PATH", "/usr/bin", "HOME", "/root", "PMI_SPAWNED", "1",
            "PMI_RANK", "99", "SHARED", "agent");

    @Test
    void agentThenAppThenPmiVariables() {
        RankLaunch rank = new RankLaunch(3, 1, 4242, "a.out", List.of(), Map.of("SHARED", "app", "PMI_SIZE", "1000"), null, null);
        Map<String, String> env = RankEnvironment.of(AGENT, request(false, rank), rank, "node-7", "run-1");

        assertEquals("/usr/bin", env.get("PATH"));
        assertEquals("app", env.get("SHARED"), "the app's env wins over the agent's");
        assertEquals("10.0.0.1:7703", env.get("PMI_PORT"));
        assertEquals("4242", env.get("PMI_ID"));
        assertEquals("3", env.get("PMI_RANK"), "PMI variables win over both");
        assertEquals("8", env.get("PMI_SIZE"));
        assertEquals("1", env.get("PMI_APPNUM"));
        assertEquals("kvs_kpm_12", env.get("PMI_JOBID"));
        assertEquals("12", env.get("KPM_PGID"));
        assertEquals("node-7", env.get("KPM_NODE_ID"));
        assertEquals("run-1", env.get("KPM_AGENT_RUN"));
        assertFalse(env.containsKey("PMI_SPAWNED"), "not spawned: no PMI_SPAWNED, not even the agent's");
    }

    @Test
    void spawnedGroupsGetPmiSpawned() {
        RankLaunch rank = new RankLaunch(0, 0, 1, "a.out", List.of(), Map.of(), null, null);
        assertEquals("1", RankEnvironment.of(Map.of(), request(true, rank), rank, "n", "r").get("PMI_SPAWNED"));
    }

    @Test
    void environmentOperationsApplyToTheNodesValuesAfterTheAppsEnv() {
        RankLaunch rank = new RankLaunch(0, 0, 1, "a.out", List.of(), Map.of("SHARED", "app", "GONE", "x"), null, null,
                List.of(new EnvOp(EnvOp.Kind.PREPEND, "PATH", "/opt/x/bin", null),
                        new EnvOp(EnvOp.Kind.APPEND, "SHARED", "more", ","),
                        new EnvOp(EnvOp.Kind.APPEND, "EMPTY_BEFORE", "only", null),
                        new EnvOp(EnvOp.Kind.UNSET, "GONE", null, null),
                        new EnvOp(EnvOp.Kind.ADD, "HOME", "/elsewhere", null),
                        new EnvOp(EnvOp.Kind.ADD, "NEW", "1", null),
                        new EnvOp(EnvOp.Kind.SET, "PMI_RANK", "77", null)));
        Map<String, String> env = RankEnvironment.of(AGENT, request(false, rank), rank, "n", "r");

        assertEquals("/opt/x/bin:/usr/bin", env.get("PATH"), "prepended to the node's PATH");
        assertEquals("app,more", env.get("SHARED"), "after the app's env, with the given separator");
        assertEquals("only", env.get("EMPTY_BEFORE"), "nothing to join to: the value alone");
        assertFalse(env.containsKey("GONE"));
        assertEquals("/root", env.get("HOME"), "ADD keeps a value already there");
        assertEquals("1", env.get("NEW"));
        assertEquals("0", env.get("PMI_RANK"), "PMI variables still win");
    }

    private static LaunchRequested request(boolean spawned, RankLaunch rank) {
        return new LaunchRequested(EventMeta.now(new Producer("test", "t")), "node-7", 12, "kvs_kpm_12", 8, spawned,
                "10.0.0.1:7703", List.of(rank));
    }
}
