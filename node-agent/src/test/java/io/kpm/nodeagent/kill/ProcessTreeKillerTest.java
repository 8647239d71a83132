package io.kpm.nodeagent.kill;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.kpm.nodeagent.process.RankKey;
import io.kpm.nodeagent.process.RankProcess;

/** Real processes, no agent: the tree and the environment tag are both found and killed. */
class ProcessTreeKillerTest {

    private final String agentRun = "unit-" + UUID.randomUUID();

    @Test
    void sigtermReachesTheRankAndItsChildren() throws Exception {
        RankProcess rank = start(7, "sleep 300 & sleep 300 & wait");
        ProcessHandle shell = rank.process().toHandle();
        await().atMost(Duration.ofSeconds(10)).until(() -> shell.descendants().count() == 2);
        List<ProcessHandle> all = new ArrayList<>(shell.descendants().toList());
        all.add(shell);

        List<ProcessHandle> survivors = ProcessTreeKiller.kill(() -> JobProcesses.find(List.of(rank), agentRun, 7L),
                Duration.ofSeconds(5));

        assertEquals(List.of(), survivors);
        for (ProcessHandle p : all) assertFalse(ProcessLiveness.isRunning(p), p.pid() + " still runs");
        assertEquals(143, rank.process().waitFor(), "the shell ended by SIGTERM");
    }

    @Test
    void aProcessIgnoringSigtermGetsSigkillAfterTheGrace() throws Exception {
        RankProcess rank = start(8, "trap '' TERM; echo ready; sleep 300 & wait");
        rank.process().getInputStream().read(); // "ready": the trap is set

        long began = System.nanoTime();
        List<ProcessHandle> survivors = ProcessTreeKiller.kill(() -> JobProcesses.find(List.of(rank), agentRun, 8L),
                Duration.ofMillis(500));

        assertEquals(List.of(), survivors);
        assertTrue(System.nanoTime() - began >= Duration.ofMillis(500).toNanos(), "waited for the grace period");
        assertEquals(128 + 9, rank.process().waitFor());
    }

    @Test
    void aChildThatLeftTheTreeIsFoundByItsEnvironment() throws Exception {
        RankProcess rank = start(9, "sleep 300 > /dev/null 2>&1 & echo $!");
        long orphan = Long.parseLong(new String(rank.process().getInputStream().readAllBytes()).trim());
        rank.process().waitFor();
        assertTrue(ProcessLiveness.isRunning(orphan));

        assertTrue(JobProcesses.find(List.of(), agentRun, 9L).stream().anyMatch(p -> p.pid() == orphan));
        assertEquals(List.of(), JobProcesses.find(List.of(), agentRun, 10L).stream().toList(), "another job's tag");
        ProcessTreeKiller.kill(() -> JobProcesses.find(List.of(), agentRun, null), Duration.ofSeconds(5));

        assertFalse(ProcessLiveness.isRunning(orphan));
    }

    @Test
    void anotherStacksProcessWithTheSameNodeIdAndPgidIsLeftAlone() throws Exception {
        // every stack has a node-0 and a job 0: only the agent run's tag says whose a process is
        ProcessBuilder theirs = new ProcessBuilder("/bin/sh", "-c", "sleep 300");
        theirs.environment().put("KPM_NODE_ID", "node-0");
        theirs.environment().put("KPM_PGID", "11");
        theirs.environment().put("KPM_AGENT_RUN", "another-" + UUID.randomUUID());
        Process other = theirs.start();
        try {
            RankProcess ours = start(11, "sleep 300");
            ProcessTreeKiller.kill(() -> JobProcesses.find(List.of(ours), agentRun, 11L), Duration.ofSeconds(5));
            ProcessTreeKiller.kill(() -> JobProcesses.find(List.of(), agentRun, null), Duration.ofSeconds(5));

            assertFalse(ProcessLiveness.isRunning(ours.process().toHandle()));
            assertTrue(other.isAlive(), "the other stack's process survived both kills");
        } finally {
            other.destroyForcibly();
        }
    }

    private RankProcess start(long pgid, String script) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script);
        builder.environment().put("KPM_NODE_ID", "node-0");
        builder.environment().put("KPM_AGENT_RUN", agentRun);
        builder.environment().put("KPM_PGID", Long.toString(pgid));
        return new RankProcess(new RankKey(pgid, 0), builder.start());
    }
}
