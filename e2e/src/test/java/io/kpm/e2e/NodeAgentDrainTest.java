package io.kpm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Operating nodes as a user does: a stack from {@code kpm up} (one node, named by the hostname), two more nodes
 * joining it as separate {@code kpm agent} processes (one in the foreground, one with {@code --daemon}), one of them drained while a job runs on it: new ranks avoid
 * it, its job finishes, and undrain brings it back. One stack for every case.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeAgentDrainTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private Path work;
    private Path stateDir;
    private int basePort;
    private String bootstrap;
    private GatewayApi api;
    private final List<Process> agents = new ArrayList<>();

    @BeforeAll
    void upAndTwoAgents() throws Exception {
        Path target = Kpm.repoRoot().resolve("e2e/target");
        work = Files.createDirectories(target.resolve("e2e-agent-work-" + System.nanoTime()));
        stateDir = target.resolve("e2e-agent-stack-" + System.nanoTime());
        basePort = Kpm.freeBasePort();
        bootstrap = "127.0.0.1:" + basePort;
        api = new GatewayApi("http://127.0.0.1:" + (basePort + 2));
        Kpm.Result up = Kpm.run(work, Duration.ofMinutes(4), "up", "--nodes", "1", "--cores", "1",
                "--base-port", Integer.toString(basePort), "--state-dir", stateDir.toString());
        assertEquals(0, up.exitCode(), up.toString());
        // the embedded default: scheduler, gateway and this node's agent share one JVM; the agents below join it
        assertTrue(up.stdout().lines().anyMatch(l -> l.startsWith("services ")), up.toString());
        assertTrue(up.stdout().lines().noneMatch(l -> l.startsWith("scheduler ") || l.startsWith("gateway ")),
                up.toString());
        agents.add(agent("agent-a", basePort + 15));
        // the other in the background: kpm agent --daemon returns once it is ready
        Kpm.Result daemon = Kpm.run(work, Duration.ofMinutes(4), "agent", "--kafka", bootstrap, "--node-id", "agent-b",
                "--cores", "1", "--port", Integer.toString(basePort + 16), "--daemon");
        assertEquals(0, daemon.exitCode(), daemon.toString());
        assertTrue(daemon.stdout().contains("node agent agent-b runs in the background"), daemon.toString());
        awaitNodeState("agent-a", "UP");
        awaitNodeState("agent-b", "UP");
    }

    private Process agent(String nodeId, int port) throws Exception {
        return Kpm.start(work, Map.of(), work.resolve(nodeId + ".out"), work.resolve(nodeId + ".err"),
                "agent", "--kafka", bootstrap, "--node-id", nodeId, "--cores", "1", "--port", Integer.toString(port));
    }

    private void awaitNodeState(String nodeId, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        JsonNode nodes = null;
        while (System.nanoTime() < deadline) {
            nodes = api.get("/api/v1/nodes").body();
            for (JsonNode node : nodes) {
                if (node.path("nodeId").asText().equals(nodeId) && node.path("state").asText().equals(state)) return;
            }
            for (Process agent : agents) assertTrue(agent.isAlive(), "a kpm agent exited; see " + work);
            Thread.sleep(200);
        }
        throw new AssertionError(nodeId + " not " + state + ": " + nodes);
    }

    /** The node each rank ran on, from ranks that print {@code on-$KPM_NODE_ID}. */
    private List<String> nodesOfRanks(int ranks) throws Exception {
        Kpm.Result run = Kpm.run(work, TIMEOUT, "run", "-n", Integer.toString(ranks), "--", "sh", "-c",
                "echo on-$KPM_NODE_ID");
        assertEquals(0, run.exitCode(), run.toString());
        return run.stdout().lines().filter(l -> l.startsWith("on-")).map(l -> l.substring(3)).toList();
    }

    @Test
    @Order(1)
    void anAgentJoinsUnderItsOwnIdAndATakenIdIsRefused() throws Exception {
        Kpm.Result nodes = Kpm.run(work, TIMEOUT, "nodes");
        assertTrue(nodes.stdout().contains("agent-a") && nodes.stdout().contains("agent-b"), nodes.toString());
        assertTrue(nodesOfRanks(3).containsAll(List.of("agent-a", "agent-b")), "the new nodes take ranks");

        Kpm.Result taken = Kpm.run(work, TIMEOUT, "agent", "--kafka", bootstrap, "--node-id", "agent-b",
                "--port", Integer.toString(basePort + 17));
        assertNotEquals(0, taken.exitCode(), taken.toString());
        assertTrue(taken.stderr().contains("node id 'agent-b' is taken by a live agent"), taken.toString());
        // the default id is the hostname, which the node of `kpm up --nodes 1` has
        Kpm.Result hostname = Kpm.run(work, TIMEOUT, "agent", "--kafka", bootstrap, "--port", Integer.toString(basePort + 17));
        assertNotEquals(0, hostname.exitCode(), hostname.toString());
        assertTrue(hostname.stderr().contains("is taken by a live agent"), hostname.toString());
    }

    @Test
    @Order(2)
    void aDrainedNodeTakesNoNewRanksWhileItsRunningJobFinishesAndUndrainBringsItBack() throws Exception {
        Path release = work.resolve("release");
        Files.deleteIfExists(release);
        Process running = Kpm.start(work, Map.of(), work.resolve("long.out"), work.resolve("long.err"),
                "run", "--hosts", "agent-a", "-n", "1", "--", "sh", "-c",
                "while [ ! -e release ]; do sleep 0.1; done; echo finished-on-$KPM_NODE_ID");
        awaitRunningOn("agent-a");

        Kpm.Result drain = Kpm.run(work, TIMEOUT, "drain", "agent-a", "--reason", "e2e");
        assertEquals(0, drain.exitCode(), drain.toString());
        assertTrue(drain.stdout().contains("DRAINING"), drain.toString());
        Kpm.Result nodes = Kpm.run(work, TIMEOUT, "nodes");
        assertTrue(nodes.stdout().lines().anyMatch(l -> l.startsWith("agent-a") && l.contains("DRAINING")), nodes.toString());

        List<String> placed = nodesOfRanks(4);
        assertEquals(4, placed.size(), placed.toString());
        assertFalse(placed.contains("agent-a"), "no new rank on the drained node: " + placed);
        assertTrue(placed.contains("agent-b"), placed.toString());
        Kpm.Result onDrained = Kpm.run(work, TIMEOUT, "run", "--hosts", "agent-a", "-n", "1", "--", "true");
        assertNotEquals(0, onDrained.exitCode(), onDrained.toString());
        assertTrue(onDrained.stderr().contains("draining"), onDrained.toString());

        Files.createFile(release);
        assertTrue(running.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the job on the drained node ends");
        assertEquals(0, running.exitValue(), Files.readString(work.resolve("long.err")));
        assertTrue(Files.readString(work.resolve("long.out")).contains("finished-on-agent-a"));

        Kpm.Result undrain = Kpm.run(work, TIMEOUT, "undrain", "agent-a");
        assertEquals(0, undrain.exitCode(), undrain.toString());
        awaitNodeState("agent-a", "UP");
        assertTrue(nodesOfRanks(3).contains("agent-a"), "undrained, it takes ranks again");
    }

    @Test
    @Order(3)
    void replayReMakesTheSameDecisions() throws Exception {
        Kpm.Result check = Kpm.run(work, TIMEOUT, "replay", "--check", "--bootstrap", bootstrap);
        assertEquals(0, check.exitCode(), check.toString());
    }

    private void awaitRunningOn(String nodeId) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode jobs = null;
        while (System.nanoTime() < deadline) {
            jobs = api.get("/api/v1/jobs").body();
            for (JsonNode job : jobs) {
                if (job.path("state").asText().equals("RUNNING") && job.toString().contains("\"" + nodeId + "\"")) return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no job running on " + nodeId + ": " + jobs);
    }

    @AfterAll
    void down() throws Exception {
        Path daemonPid = stateDir.resolve("pids/agent-agent-b.pid");
        if (Files.exists(daemonPid)) {
            long pid = Long.parseLong(Files.readString(daemonPid).trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            Kpm.awaitDead(pid, Duration.ofSeconds(60));
        }
        for (Process agent : agents) {
            agent.destroy();
            if (!agent.waitFor(60, TimeUnit.SECONDS)) {
                agent.descendants().forEach(ProcessHandle::destroyForcibly);
                agent.destroyForcibly();
            }
        }
        Kpm.Result down = Kpm.run(work, Duration.ofMinutes(2), "down", "--state-dir", stateDir.toString());
        assertEquals(0, down.exitCode(), down.toString());
        List<String> leftovers = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(stateDir.toString())).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList();
        assertEquals(List.of(), leftovers);
    }
}
