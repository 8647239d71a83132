package io.kpm.nodeagent.kill;

import static io.kpm.nodeagent.AgentTestKit.NODE;
import static io.kpm.nodeagent.AgentTestKit.awaitExited;
import static io.kpm.nodeagent.AgentTestKit.awaitStarted;
import static io.kpm.nodeagent.AgentTestKit.bootstrap;
import static io.kpm.nodeagent.AgentTestKit.launch;
import static io.kpm.nodeagent.AgentTestKit.meta;
import static io.kpm.nodeagent.AgentTestKit.nextPgid;
import static io.kpm.nodeagent.AgentTestKit.publish;
import static io.kpm.nodeagent.AgentTestKit.running;
import static io.kpm.nodeagent.AgentTestKit.shell;
import static io.kpm.nodeagent.AgentTestKit.stdoutLines;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.KillRequested;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcStarted;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** KillRequested, and the agent's shutdown, end a job's ranks and everything they started. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class KillTest {

    @Inject
    KillService kills;

    @Test
    void killRequestedKillsTheWholeProcessTree() {
        long pgid = nextPgid();
        publish(launch(NODE, pgid, 2, false,
                shell(0, "sleep 300 & sleep 300 & wait"),
                shell(1, "sleep 300 & sleep 300 & wait")));
        List<Long> pids = new ArrayList<>();
        for (int rank = 0; rank < 2; rank++) {
            ProcStarted started = awaitStarted(pgid, rank);
            ProcessHandle shell = ProcessHandle.of(started.pid()).orElseThrow(() -> new AssertionError("rank pid not alive"));
            await().atMost(Duration.ofSeconds(10)).until(() -> shell.descendants().count() == 2);
            pids.add(shell.pid());
            shell.descendants().forEach(child -> pids.add(child.pid()));
        }
        assertEquals(6, pids.size());

        publish(new KillRequested(meta(), NODE, pgid, "test"));

        for (int rank = 0; rank < 2; rank++) {
            ProcExited exited = awaitExited(pgid, rank);
            assertTrue(exited.killed(), "killed=true");
            assertEquals(128 + 15, exited.exitCode(), "ended by SIGTERM");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (long pid : pids) assertFalse(running(pid), "process " + pid + " of the job still runs");
        });
    }

    @Test
    void aChildThatOutlivedItsRankIsKilledToo() {
        long pgid = nextPgid();
        // the rank exits at once; its background child keeps stdout open and is re-parented out of the tree
        publish(launch(NODE, pgid, 1, false, shell(0, "sleep 300 & echo $!")));
        ProcStarted started = awaitStarted(pgid, 0);
        long orphan = Long.parseLong(stdoutLines(pgid, 0, 1).get(0));
        await().atMost(Duration.ofSeconds(10)).until(() -> !running(started.pid()));
        assertTrue(running(orphan), "the child outlived its rank");

        publish(new KillRequested(meta(), NODE, pgid, "test"));

        // Java closes a rank's pipes when the rank exits, so its ProcExited may already be out (killed=false)
        awaitExited(pgid, 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> !running(orphan));
    }

    @Test
    void onAgentShutdownEveryRankIsKilledAndReportedBeforeItReturns() {
        long first = nextPgid();
        long second = nextPgid();
        publish(launch(NODE, first, 1, false, shell(0, "sleep 300 & echo $!; sleep 300 & echo $!; wait")),
                launch(NODE, second, 1, false, shell(0, "trap '' TERM; sleep 300")));
        List<Long> pids = new ArrayList<>(List.of(awaitStarted(first, 0).pid(), awaitStarted(second, 0).pid()));
        stdoutLines(first, 0, 2).forEach(line -> pids.add(Long.parseLong(line)));

        // what AgentLifecycle runs on ShutdownEvent, before NodeLeft
        kills.killAllAndWait(15);

        for (long pid : pids) assertFalse(running(pid), "process " + pid + " outlived the agent's shutdown");
        List<KpmEvent> events = TopicReader.readAll(bootstrap(), Topics.PROC_EVENTS);
        for (long pgid : List.of(first, second)) {
            ProcExited exited = events.stream().filter(e -> e instanceof ProcExited x && x.pgid() == pgid)
                    .map(ProcExited.class::cast).findFirst()
                    .orElseThrow(() -> new AssertionError("no ProcExited for job " + pgid + " when the kill returned"));
            assertTrue(exited.killed());
        }
        assertEquals(128 + 9, events.stream().filter(e -> e instanceof ProcExited x && x.pgid() == second)
                .map(e -> ((ProcExited) e).exitCode()).findFirst().orElseThrow(), "SIGTERM ignored: SIGKILL after the grace");
    }
}
