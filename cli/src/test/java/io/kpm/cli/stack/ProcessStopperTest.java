package io.kpm.cli.stack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real processes: `sh -c` scripts whose command lines carry a jar path and stack marker like the services'. */
class ProcessStopperTest {

    private static final String STATE_DIR = "/tmp/kpm-stopper-test";
    private static final String JAR = "/opt/kpm/gateway/target/quarkus-app/quarkus-run.jar";
    private final List<Process> started = new ArrayList<>();
    private final ByteArrayOutputStream report = new ByteArrayOutputStream();

    @AfterEach
    void endEverything() {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Test
    void stopsOurProcessWithSigterm() throws Exception {
        Process process = start("sleep 60 & wait", JAR, StackPlan.STACK_PROPERTY + STATE_DIR);
        StackComponent component = component(process, JAR);
        assertTrue(ProcessStopper.running(component, STATE_DIR).isPresent());

        stopper(Duration.ofSeconds(10)).stop(List.of(component), STATE_DIR);

        assertTrue(process.waitFor(5, TimeUnit.SECONDS));
        assertTrue(text().contains("stopped gateway (pid " + process.pid() + ")"), text());
    }

    @Test
    void killsAProcessThatIgnoresSigtermAndEndsWhatItLeftBehind() throws Exception {
        Process process = start("trap '' TERM; sleep 60 & wait", JAR, StackPlan.STACK_PROPERTY + STATE_DIR);
        waitForChild(process);
        List<ProcessHandle> children = process.descendants().toList();
        assertFalse(children.isEmpty());

        stopper(Duration.ofMillis(500)).stop(List.of(component(process, JAR)), STATE_DIR);

        assertTrue(process.waitFor(5, TimeUnit.SECONDS));
        for (ProcessHandle child : children) assertFalse(child.isAlive(), "left-over " + child.pid());
        assertTrue(text().contains("killed gateway (pid " + process.pid() + ")"), text());
        assertTrue(text().contains("ended left-over process"), text());
    }

    @Test
    void stopQuicklyEndsAgentsFirstAndGivesGatewayAndSchedulerAShortGrace() throws Exception {
        String marker = StackPlan.STACK_PROPERTY + STATE_DIR;
        Process broker = start("sleep 60 & wait", JAR, marker);
        Process gateway = start("trap '' TERM; while :; do sleep 0.1; done", JAR, marker);
        Process agent = start("sleep 60 & wait", JAR, marker);
        List<StackComponent> components = List.of(
                new StackComponent("broker", Role.BROKER, broker.pid(), 1, null, JAR, "", null, "", List.of()),
                new StackComponent("gateway", Role.GATEWAY, gateway.pid(), 2, null, JAR, "", null, "", List.of()),
                new StackComponent("node-agent-0", Role.NODE_AGENT, agent.pid(), 3, null, JAR, "", null, "", List.of()));
        long t0 = System.nanoTime();

        stopper(Duration.ofSeconds(20)).stopQuickly(components, STATE_DIR);

        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(15), "the gateway got the short grace");
        for (Process process : List.of(broker, gateway, agent)) assertFalse(process.isAlive());
        String report = text();
        assertTrue(report.indexOf("stopped node-agent-0") < report.indexOf("killed gateway"), report);
        assertTrue(report.indexOf("killed gateway") < report.indexOf("stopped broker"), report);
        assertTrue(report.contains("it did not stop within 2.0 s"), report);
    }

    @Test
    void killAllEndsEveryProcessAtOnceWithWhatTheyStartedAndLeavesOthersAlone() throws Exception {
        String marker = StackPlan.STACK_PROPERTY + STATE_DIR;
        // both would wait out any grace: they ignore SIGTERM
        Process gateway = start("trap '' TERM; while :; do sleep 0.1; done", JAR, marker);
        Process agent = start("trap '' TERM; sleep 60 & wait", JAR, marker);
        Process otherStack = start("sleep 60", JAR, StackPlan.STACK_PROPERTY + "/another/state");
        waitForChild(agent);
        List<ProcessHandle> ranks = agent.descendants().toList();
        long t0 = System.nanoTime();

        stopper(Duration.ofSeconds(20)).killAll(List.of(
                new StackComponent("gateway", Role.GATEWAY, gateway.pid(), 2, null, JAR, "", null, "", List.of()),
                new StackComponent("node-agent", Role.NODE_AGENT, agent.pid(), 3, null, JAR, "", null, "", List.of()),
                component(otherStack, JAR)), STATE_DIR);

        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(15), "the 20 s grace was not waited for");
        assertFalse(gateway.isAlive());
        assertFalse(agent.isAlive());
        for (ProcessHandle rank : ranks) assertFalse(rank.isAlive(), "left-over " + rank.pid());
        assertTrue(otherStack.isAlive());
        assertTrue(text().contains("killed node-agent (pid " + agent.pid() + ")"), text());
    }

    @Test
    void leavesAPidAloneWhoseCommandLineIsNotOurs() throws Exception {
        Process stranger = start("sleep 60", "/somewhere/else.jar", StackPlan.STACK_PROPERTY + STATE_DIR);
        Process otherStack = start("sleep 60", JAR, StackPlan.STACK_PROPERTY + "/another/state");

        stopper(Duration.ofSeconds(1)).stop(List.of(component(stranger, JAR), component(otherStack, JAR)), STATE_DIR);

        assertTrue(stranger.isAlive());
        assertTrue(otherStack.isAlive());
        assertTrue(text().contains("gateway (pid " + stranger.pid() + ") was not running"), text());
    }

    @Test
    void aPidThatIsGoneIsReportedAsNotRunning() {
        stopper(Duration.ofSeconds(1)).stop(List.of(new StackComponent("broker", Role.BROKER, 999_999_999L, 1, null,
                JAR, "", null, "", List.of())), STATE_DIR);
        assertTrue(text().contains("broker (pid 999999999) was not running"), text());
    }

    private Process start(String script, String... markers) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", "-c", script));
        command.addAll(List.of(markers));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(process);
        // the command line is readable once exec has happened
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (process.info().commandLine().map(c -> !c.contains(markers[0])).orElse(true) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return process;
    }

    private static void waitForChild(Process process) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (process.descendants().findAny().isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
        Thread.sleep(100);
    }

    private static StackComponent component(Process process, String jar) {
        return new StackComponent("gateway", Role.GATEWAY, process.pid(), 7702, null, jar, "", null, "", List.of());
    }

    private ProcessStopper stopper(Duration grace) {
        return new ProcessStopper(grace, new PrintStream(report, true, StandardCharsets.UTF_8));
    }

    private String text() {
        return report.toString(StandardCharsets.UTF_8);
    }
}
