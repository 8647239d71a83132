package io.kpm.nodeagent.launch;

import static io.kpm.nodeagent.AgentTestKit.NODE;
import static io.kpm.nodeagent.AgentTestKit.awaitExited;
import static io.kpm.nodeagent.AgentTestKit.awaitLaunchFailed;
import static io.kpm.nodeagent.AgentTestKit.awaitStarted;
import static io.kpm.nodeagent.AgentTestKit.bootstrap;
import static io.kpm.nodeagent.AgentTestKit.chunks;
import static io.kpm.nodeagent.AgentTestKit.launch;
import static io.kpm.nodeagent.AgentTestKit.nextPgid;
import static io.kpm.nodeagent.AgentTestKit.output;
import static io.kpm.nodeagent.AgentTestKit.procEvents;
import static io.kpm.nodeagent.AgentTestKit.publish;
import static io.kpm.nodeagent.AgentTestKit.rank;
import static io.kpm.nodeagent.AgentTestKit.shell;
import static io.kpm.nodeagent.AgentTestKit.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.LaunchFailure;
import io.kpm.schemas.events.OutputChunk;
import io.kpm.schemas.events.OutputStream;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcLaunchFailed;
import io.kpm.schemas.events.ProcStarted;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Ranks started from LaunchRequested: processes, environment, output, exit codes and launch failures. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class LaunchTest {

    @Test
    void aRankWithCpusRunsBoundToThemUnderItsOwnPid() throws IOException {
        long pgid = nextPgid();
        // the last cpu this agent may use: on any machine, one that binding really narrows to when there are several
        List<Integer> allowed = io.kpm.schemas.cpu.CpuList.parse(Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow().substring(18));
        String cpu = Integer.toString(allowed.get(allowed.size() - 1));
        String script = "echo pid=$$; grep Cpus_allowed_list: /proc/self/status";
        publish(launch(NODE, pgid, 1, false, new io.kpm.schemas.events.RankLaunch(0, 0, 5000, "/bin/sh",
                List.of("-c", script), Map.of(), null, null, List.of(), cpu)));

        ProcStarted started = awaitStarted(pgid, 0);
        assertEquals(0, awaitExited(pgid, 0).exitCode());
        assertEquals(cpu, started.cpus());
        List<KpmEvent> outputTopic = TopicReader.readAll(bootstrap(), Topics.PROC_OUTPUT);
        // taskset execs in place: the process that reads its own status is the one ProcStarted names
        assertEquals("pid=" + started.pid() + "\nCpus_allowed_list:\t" + cpu + "\n",
                text(chunks(outputTopic, pgid, 0, OutputStream.STDOUT)));
    }

    @Test
    void cpusTheAgentMayNotUseFailTheLaunchSayingSo() {
        long pgid = nextPgid();
        publish(launch(NODE, pgid, 1, false, new io.kpm.schemas.events.RankLaunch(0, 0, 5000, "/bin/true",
                List.of(), Map.of(), null, null, List.of(), "65000")));
        ProcLaunchFailed failed = awaitLaunchFailed(pgid, 0);
        assertTrue(failed.message().contains("may use only cpus"), failed.message());
    }

    @Test
    void twoRanksRunAndReportOutputAndExitCode() {
        long pgid = nextPgid();
        String script = "echo out-$PMI_RANK; echo pid=$$; echo err >&2; exit 3";
        publish(launch(NODE, pgid, 2, false, shell(0, script), shell(1, script)));

        List<ProcExited> exits = List.of(awaitExited(pgid, 0), awaitExited(pgid, 1));
        // ProcExited is published after the rank's last chunks: everything is on the topics by now
        List<KpmEvent> events = procEvents(pgid);
        List<KpmEvent> outputTopic = TopicReader.readAll(bootstrap(), Topics.PROC_OUTPUT);
        for (int rank = 0; rank < 2; rank++) {
            int r = rank;
            ProcStarted started = events.stream().filter(e -> e instanceof ProcStarted s && s.rank() == r)
                    .map(ProcStarted.class::cast).findFirst().orElseThrow();
            assertEquals(NODE, started.nodeId());
            assertTrue(events.indexOf(started) < events.indexOf(exits.get(rank)), "ProcStarted before ProcExited");
            // the shell reports its own pid: ProcStarted names the real process
            assertEquals("out-" + rank + "\npid=" + started.pid() + "\n",
                    text(chunks(outputTopic, pgid, rank, OutputStream.STDOUT)));
            assertEquals("err\n", text(chunks(outputTopic, pgid, rank, OutputStream.STDERR)));

            ProcExited exited = exits.get(rank);
            assertEquals(3, exited.exitCode());
            assertFalse(exited.killed());
            for (OutputStream stream : OutputStream.values()) {
                List<OutputChunk> chunks = chunks(outputTopic, pgid, rank, stream);
                OutputChunk eof = chunks.get(chunks.size() - 1);
                assertFalse(eof.meta().time().isAfter(exited.meta().time()), "ProcExited comes after the eof of " + stream);
            }
        }
    }

    @Test
    void theRankSeesThePmiEnvironmentAndABareCommandIsFoundOnPath() {
        long spawned = nextPgid();
        long launched = nextPgid();
        publish(launch(NODE, spawned, 4, true, rank(2, "env", List.of(), Map.of("APP_VAR", "from-app"), null)),
                launch(NODE, launched, 1, false, rank(0, "env", List.of(), Map.of(), null)));

        Map<String, String> env = parseEnv(output(spawned, 2, OutputStream.STDOUT));
        assertEquals("127.0.0.1:7703", env.get("PMI_PORT"));
        assertEquals("5002", env.get("PMI_ID"));
        assertEquals("2", env.get("PMI_RANK"));
        assertEquals("4", env.get("PMI_SIZE"));
        assertEquals("0", env.get("PMI_APPNUM"));
        assertEquals("kvs_kpm_" + spawned, env.get("PMI_JOBID"));
        assertEquals("1", env.get("PMI_SPAWNED"));
        assertEquals(Long.toString(spawned), env.get("KPM_PGID"));
        assertEquals(NODE, env.get("KPM_NODE_ID"));
        assertEquals("from-app", env.get("APP_VAR"));
        assertEquals(System.getenv("PATH"), env.get("PATH"), "the agent's own environment is inherited");
        assertEquals(0, awaitExited(spawned, 2).exitCode());

        Map<String, String> notSpawned = parseEnv(output(launched, 0, OutputStream.STDOUT));
        assertEquals("0", notSpawned.get("PMI_RANK"));
        assertFalse(notSpawned.containsKey("PMI_SPAWNED"), "PMI_SPAWNED only for spawned groups");
    }

    @Test
    void aRelativeCommandIsResolvedAgainstTheWorkingDirectory() throws IOException {
        Path wdir = Files.createTempDirectory("kpm-wdir");
        Path script = wdir.resolve("hello.sh");
        Files.writeString(script, "#!/bin/sh\necho \"hello from $(pwd)\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        long pgid = nextPgid();
        publish(launch(NODE, pgid, 1, false, rank(0, "./hello.sh", List.of(), Map.of(), wdir.toString())));

        awaitStarted(pgid, 0);
        assertEquals("hello from " + wdir.toRealPath() + "\n", output(pgid, 0, OutputStream.STDOUT));
        assertEquals(0, awaitExited(pgid, 0).exitCode());
    }

    @Test
    void launchFailuresSayWhy() throws IOException {
        Path plain = Files.createTempFile("kpm-not-executable", ".sh");
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
        long pgid = nextPgid();
        publish(launch(NODE, pgid, 4, false,
                rank(0, "/no/such/file", List.of(), Map.of(), null),
                rank(1, plain.toString(), List.of(), Map.of(), null),
                rank(2, "/bin/sh", List.of(), Map.of(), "/no/such/dir"),
                rank(3, "kpm-no-such-command", List.of(), Map.of(), null)));

        ProcLaunchFailed notFound = awaitLaunchFailed(pgid, 0);
        assertEquals(LaunchFailure.NOT_FOUND, notFound.reason());
        assertEquals("/no/such/file: no such file", notFound.message());
        assertEquals(NODE, notFound.nodeId());

        ProcLaunchFailed notExecutable = awaitLaunchFailed(pgid, 1);
        assertEquals(LaunchFailure.NOT_EXECUTABLE, notExecutable.reason());
        assertTrue(notExecutable.message().startsWith(plain + ": "), notExecutable.message());

        ProcLaunchFailed badWdir = awaitLaunchFailed(pgid, 2);
        assertEquals(LaunchFailure.BAD_WDIR, badWdir.reason());
        assertEquals("working directory /no/such/dir does not exist", badWdir.message());

        ProcLaunchFailed notOnPath = awaitLaunchFailed(pgid, 3);
        assertEquals(LaunchFailure.NOT_FOUND, notOnPath.reason());
        assertTrue(notOnPath.message().startsWith("kpm-no-such-command: command not found in PATH"), notOnPath.message());
    }

    private static Map<String, String> parseEnv(String envOutput) {
        return Arrays.stream(envOutput.split("\n"))
                .filter(line -> line.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1),
                        (a, b) -> b));
    }
}
