package io.kpm.nodeagent.kill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.kpm.nodeagent.process.RankProcess;

/**
 * Finds the processes to kill for some ranks: each rank, its descendants, and every process whose environment
 * carries this agent run's KPM_AGENT_RUN and the job's KPM_PGID. The environment match catches what the process
 * tree no longer shows: a child that outlived its rank (e.g. {@code sh -c 'sleep 300 &'}) is re-parented to
 * init, but it inherited the rank's environment. The tag is the agent run's, not the node id: node ids and
 * pgids repeat in every stack, and another stack's ranks on the same machine are not ours to kill.
 */
public final class JobProcesses {

    private JobProcesses() {
    }

    /** @param pgid the job whose tagged processes to include, or null for every job this agent run started */
    public static Set<ProcessHandle> find(Collection<RankProcess> ranks, String agentRun, Long pgid) {
        Set<ProcessHandle> found = new LinkedHashSet<>();
        for (RankProcess rank : ranks) {
            ProcessHandle handle = rank.process().toHandle();
            found.add(handle);
            handle.descendants().forEach(found::add);
        }
        found.addAll(tagged(agentRun, pgid));
        found.removeAll(selfAndAncestors());
        return found;
    }

    /** Processes started (directly or not) by ranks of this agent run, by their inherited environment. */
    static List<ProcessHandle> tagged(String agentRun, Long pgid) {
        String runEntry = "KPM_AGENT_RUN=" + agentRun;
        String pgidEntry = pgid == null ? null : "KPM_PGID=" + pgid;
        return ProcessHandle.allProcesses()
                .filter(p -> {
                    Set<String> env = environment(p.pid());
                    return env.contains(runEntry) && (pgidEntry == null || env.contains(pgidEntry));
                })
                .toList();
    }

    /**
     * Processes that an earlier run of this node's agent started (directly or not) and that are still alive: the
     * same KPM_AGENT_ID, another KPM_AGENT_RUN. Their ranks' jobs are failed by the scheduler when this run
     * registers, so nothing should be left of them.
     */
    public static List<ProcessHandle> earlierRuns(String agentId, String currentRun) {
        String idEntry = "KPM_AGENT_ID=" + agentId;
        String runEntry = "KPM_AGENT_RUN=" + currentRun;
        Set<ProcessHandle> protectedOnes = selfAndAncestors();
        return ProcessHandle.allProcesses()
                .filter(p -> !protectedOnes.contains(p))
                .filter(p -> {
                    Set<String> env = environment(p.pid());
                    return env.contains(idEntry) && !env.contains(runEntry);
                })
                .toList();
    }

    private static Set<String> environment(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
            return new HashSet<>(Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0")));
        } catch (IOException | SecurityException e) {
            return Set.of(); // gone, not ours to read, or no /proc: nothing to match
        }
    }

    private static Set<ProcessHandle> selfAndAncestors() {
        Set<ProcessHandle> protectedOnes = new HashSet<>();
        ProcessHandle p = ProcessHandle.current();
        while (p != null) {
            protectedOnes.add(p);
            p = p.parent().orElse(null);
        }
        return protectedOnes;
    }
}
