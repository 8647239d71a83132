package io.kpm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.kpm.broker.TopicReader;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.NodeLeft;

/**
 * Two schedulers on one stack ({@code kpm up --schedulers 2}): one leads, the other stands by. Killed with SIGKILL
 * under load, the leader is replaced within seconds and no pgid is used twice; paused (SIGSTOP) until the standby
 * took over, then woken, the old leader is fenced: nothing it decides after waking reaches the log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchedulerFailoverTest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    /** Liveness bound, not a speed target: a session timeout (6 s) plus fencing and rebuilding. */
    private static final Duration TAKEOVER = Duration.ofSeconds(40);

    private Path work;
    private Path stateDir;
    private int basePort;
    private String bootstrap;
    private String gatewayUrl;

    @BeforeAll
    void up() throws Exception {
        Path target = Kpm.repoRoot().resolve("e2e/target");
        work = Files.createDirectories(target.resolve("e2e-work"));
        stateDir = target.resolve("e2e-failover-" + System.nanoTime());
        basePort = Kpm.freeBasePort();
        bootstrap = "127.0.0.1:" + basePort;
        gatewayUrl = "http://127.0.0.1:" + (basePort + 2);
        Kpm.Result up = Kpm.run(work, Duration.ofMinutes(4), upArgs());
        assertEquals(0, up.exitCode(), up.toString());
    }

    private String[] upArgs() {
        return new String[] {"up", "--nodes", "1", "--cores", "2", "--schedulers", "2", "--base-port",
                Integer.toString(basePort), "--state-dir", stateDir.toString()};
    }

    private Kpm.Result kpmRun(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("run", "--gateway", gatewayUrl));
        all.addAll(List.of(args));
        return Kpm.run(work, RUN_TIMEOUT, all.toArray(String[]::new));
    }

    /** "scheduler" answers on B+4, "scheduler-1" on B+5. */
    private int port(String scheduler) {
        return scheduler.equals("scheduler") ? basePort + 4 : basePort + 5;
    }

    /** The role the scheduler's readiness reports, or "down" when it does not answer. */
    private String role(String scheduler) {
        try {
            GatewayApi.Response health = new GatewayApi("http://127.0.0.1:" + port(scheduler)).get("/q/health/ready");
            for (var check : health.body().get("checks")) {
                if (check.get("name").asText().equals("startup-rebuild")) return check.get("data").get("role").asText();
            }
            return "unknown";
        } catch (Exception e) {
            return "down";
        }
    }

    private String awaitRole(String scheduler, String role, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen = role(scheduler);
        while (!seen.equals(role) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            seen = role(scheduler);
        }
        assertEquals(role, seen, scheduler + " after " + timeout);
        return seen;
    }

    private String leader() throws InterruptedException {
        long deadline = System.nanoTime() + TAKEOVER.toNanos();
        while (System.nanoTime() < deadline) {
            if (role("scheduler").equals("leader")) return "scheduler";
            if (role("scheduler-1").equals("leader")) return "scheduler-1";
            Thread.sleep(200);
        }
        throw new AssertionError("no scheduler leads");
    }

    private static String other(String scheduler) {
        return scheduler.equals("scheduler") ? "scheduler-1" : "scheduler";
    }

    private long pidOf(String component) throws Exception {
        return Long.parseLong(Files.readString(stateDir.resolve("pids").resolve(component + ".pid")).trim());
    }

    @Test
    @Order(1)
    void oneSchedulerLeadsAndTheOtherStandsBy() throws Exception {
        assertEquals(0, kpmRun("-n", "1", "--", "true").exitCode());
        String leader = leader();
        assertEquals("standby", role(other(leader)));
    }

    @Test
    @Order(2)
    void aLeaderKilledUnderLoadIsReplacedAndEveryJobRunsOnceWithItsOwnPgid() throws Exception {
        String leader = leader();
        String standby = other(leader);
        int jobs = 24;
        ExecutorService clients = Executors.newFixedThreadPool(3);
        List<Future<Kpm.Result>> runs = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            runs.add(clients.submit(() -> kpmRun("-n", "2", "--", "sh", "-c", "sleep 0.3")));
        }
        // kill it in the middle of the load
        while (runs.stream().filter(Future::isDone).count() < 4) Thread.sleep(50);
        new ProcessBuilder("kill", "-KILL", Long.toString(pidOf(leader))).inheritIO().start().waitFor();
        awaitRole(standby, "leader", TAKEOVER);
        for (Future<Kpm.Result> run : runs) {
            Kpm.Result result = run.get();
            assertEquals(0, result.exitCode(), "a job submitted across the takeover: " + result);
        }
        clients.shutdown();

        JobLog log = JobLog.read(bootstrap);
        log.assertEveryRequestRanOnce();
        assertEquals(jobs + 1, log.accepted().size(), "the first test's job and this load's");

        // started again, the killed scheduler stands by
        Kpm.Result again = Kpm.run(work, Duration.ofMinutes(3), upArgs());
        assertEquals(0, again.exitCode(), again.toString());
        awaitRole(leader, "standby", TAKEOVER);
        assertEquals("leader", role(standby));
    }

    @Test
    @Order(3)
    void aPausedLeaderIsFencedWhenItWakesUpAndDecidesNothing() throws Exception {
        String leader = leader();
        String standby = other(leader);
        long pid = pidOf(leader);
        new ProcessBuilder("kill", "-STOP", Long.toString(pid)).inheritIO().start().waitFor();
        try {
            awaitRole(standby, "leader", TAKEOVER);
            assertEquals(0, kpmRun("-n", "2", "--", "true").exitCode(), "the new leader runs jobs");
        } finally {
            new ProcessBuilder("kill", "-CONT", Long.toString(pid)).inheritIO().start().waitFor();
        }
        // awake, its clock says every node and job is overdue: whatever it decides on that is fenced
        awaitRole(leader, "standby", TAKEOVER);
        Thread.sleep(3_000);
        assertEquals(0, kpmRun("-n", "2", "--", "true").exitCode());
        assertEquals("leader", role(standby));
        List<NodeLeft> lost = TopicReader.readAll(bootstrap, Topics.NODES).stream()
                .filter(NodeLeft.class::isInstance).map(NodeLeft.class::cast).toList();
        assertEquals(List.of(), lost, "no node was declared lost: the paused leader's decisions never committed");
        JobLog log = JobLog.read(bootstrap);
        log.assertEveryRequestRanOnce();
        assertEquals(List.of(), log.failed(), "no job failed");
        String logs = Files.readString(stateDir.resolve("logs").resolve(leader + ".log"));
        assertTrue(logs.contains("standing by"), "the woken scheduler says it stands by:\n" + tail(logs));
    }

    private static String tail(String text) {
        return text.length() < 4000 ? text : text.substring(text.length() - 4000);
    }

    @AfterAll
    void down() throws Exception {
        Kpm.Result down = Kpm.run(work, Duration.ofMinutes(2), "down", "--state-dir", stateDir.toString());
        assertEquals(0, down.exitCode(), down.toString());
    }
}
