package io.kpm.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kpm.cli.Kpm;
import picocli.CommandLine;

/** kpm up / status / down with real processes (stand-in services, see {@link FakeServices}). */
class StackLifecycleTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final StringWriter cliErr = new StringWriter();
    private PrintStream realOut;
    private PrintStream realErr;
    private Path stateDir;

    @BeforeEach
    void capture() {
        realOut = System.out;
        realErr = System.err;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        System.setProperty("kpm.home", home.toString());
        stateDir = home.resolve("state");
    }

    @AfterEach
    void restore() {
        // whatever a failed assertion left running goes now
        kpm("down", "--state-dir", stateDir.toString());
        System.setOut(realOut);
        System.setErr(realErr);
        System.clearProperty("kpm.home");
    }

    @Test
    void upStatusAndDownManageEveryProcess() throws Exception {
        FakeServices.create(home, false);
        int base = FakeServices.freeBasePort(2);

        assertEquals(0, kpm("up", "--nodes", "2", "--base-port", Integer.toString(base), "--state-dir", stateDir.toString()),
                out() + err());

        StackLayout layout = new StackLayout(stateDir);
        StackState state = StackState.read(layout).orElseThrow();
        assertEquals(StackState.UP, state.status());
        assertEquals("http://127.0.0.1:" + (base + 2), state.gatewayUrl());
        assertEquals("127.0.0.1:" + (base + 3), state.pmiEndpoint());
        assertEquals(List.of("broker", "scheduler", "gateway", "node-0", "node-1"),
                state.components().stream().map(StackComponent::name).toList());
        for (StackComponent component : state.components()) {
            assertTrue(ProcessStopper.running(component, state.stateDir()).isPresent(), component.name());
            assertEquals(component.pid() + "\n", Files.readString(layout.pidFile(component.name())));
            assertTrue(Files.exists(layout.log(component.name())));
        }
        assertTrue(out().contains("kpm stack is up in"), out());
        assertTrue(out().contains("node-1     " + state.components().get(4).pid() + "  http://127.0.0.1:" + (base + 11)
                + "\n"), out());
        assertTrue(out().contains("gateway    " + state.components().get(2).pid() + "  http://127.0.0.1:" + (base + 2)
                + ", PMI 127.0.0.1:" + (base + 3)), out());
        assertEquals(state.gatewayUrl(), RunningStack.healthyGateway(layout).orElseThrow());

        stdout.reset();
        assertEquals(0, kpm("status", "--state-dir", stateDir.toString()), out());
        assertTrue(out().contains("alive    ready"), out());

        stdout.reset();
        assertEquals(0, kpm("up", "--state-dir", stateDir.toString()));
        assertTrue(out().startsWith("a kpm stack is already running in " + stateDir), out());

        stdout.reset();
        assertEquals(0, kpm("down", "--state-dir", stateDir.toString()), out());
        for (StackComponent component : state.components()) {
            assertFalse(ProcessHandle.of(component.pid()).map(ProcessHandle::isAlive).orElse(false), component.name());
            assertFalse(Files.exists(layout.pidFile(component.name())));
        }
        assertFalse(Files.exists(layout.stackFile()));
        assertTrue(out().contains("stopped node-0"), out());
        assertTrue(out().indexOf("stopped node-1") < out().indexOf("stopped gateway"), out());
        assertTrue(out().indexOf("stopped scheduler") < out().indexOf("stopped broker"), out());

        assertEquals(1, kpm("status", "--state-dir", stateDir.toString()));
    }

    @Test
    void upOnARunningStackStartsAgainOnlyThePartsThatStopped() throws Exception {
        FakeServices.create(home, false);
        int base = FakeServices.freeBasePort(2);
        String[] up = {"up", "--nodes", "2", "--base-port", Integer.toString(base), "--state-dir", stateDir.toString()};
        assertEquals(0, kpm(up), out() + err());
        StackLayout layout = new StackLayout(stateDir);
        StackState before = StackState.read(layout).orElseThrow();
        long scheduler = before.components().get(1).pid();
        long node1 = before.components().get(4).pid();
        for (long pid : List.of(scheduler, node1)) {
            ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
            process.destroy();
            process.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
        }
        stdout.reset();

        assertEquals(0, kpm(up), out() + err());

        assertTrue(out().startsWith("a kpm stack is running in " + stateDir + "; starting its stopped parts again"
                + " (scheduler, node-1)"), out());
        StackState after = StackState.read(layout).orElseThrow();
        assertEquals(List.of("broker", "scheduler", "gateway", "node-0", "node-1"),
                after.components().stream().map(StackComponent::name).toList());
        for (int i : new int[] {0, 2, 3}) {
            assertEquals(before.components().get(i).pid(), after.components().get(i).pid(), "left alone: " + i);
        }
        assertNotEquals(scheduler, after.components().get(1).pid());
        assertNotEquals(node1, after.components().get(4).pid());
        for (StackComponent component : after.components()) {
            assertTrue(ProcessStopper.running(component, after.stateDir()).isPresent(), component.name());
            assertEquals(component.pid() + "\n", Files.readString(layout.pidFile(component.name())));
        }
        assertEquals(2, Files.readString(layout.log("scheduler")).lines().filter(l -> l.startsWith("fake service")).count(),
                "the log of a restarted part goes on");
    }

    @Test
    void aServiceThatDiesShowsItsLogAndNothingIsLeftRunning() throws Exception {
        FakeServices.create(home, true);
        int base = FakeServices.freeBasePort(1);

        assertEquals(1, kpm("up", "--jvm-per-service", "--base-port", Integer.toString(base), "--state-dir",
                stateDir.toString()));

        assertTrue(err().contains("kpm: scheduler exited during start-up; the end of " + stateDir.resolve("logs/scheduler.log")),
                err());
        assertTrue(err().contains("  | boom: the fake scheduler cannot start"), err());
        assertEquals("kpm up: scheduler exited during start-up\n", cliErr.toString());
        Matcher pids = Pattern.compile("started (\\S+) \\(pid (\\d+)\\)").matcher(out());
        int seen = 0;
        while (pids.find()) {
            seen++;
            long pid = Long.parseLong(pids.group(2));
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), pids.group(1) + " still runs");
        }
        assertEquals(4, seen, out());
        assertFalse(Files.exists(new StackLayout(stateDir).stackFile()));
    }

    @Test
    void aTakenPortFailsBeforeAnythingStarts() throws Exception {
        FakeServices.create(home, false);
        int base = FakeServices.freeBasePort(1);
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(base + 2));
            assertEquals(1, kpm("up", "--jvm-per-service", "--base-port", Integer.toString(base), "--state-dir",
                stateDir.toString()));
        }
        assertEquals("kpm up: port " + (base + 2) + " (gateway HTTP) is already in use; stop what listens there or"
                + " choose other ports with --base-port\n", cliErr.toString());
        assertFalse(out().contains("started"), out());
    }

    @Test
    void anUnreachableExternalKafkaIsNamedAndLeavesNoState() throws Exception {
        FakeServices.create(home, false);
        int kafkaPort = PortAllocator.freePorts(1).get(0);
        int base = FakeServices.freeBasePort(1);
        assertEquals(1, kpm("up", "--kafka", "127.0.0.1:" + kafkaPort, "--base-port", Integer.toString(base),
                "--state-dir", stateDir.toString()));
        assertEquals("kpm up: cannot reach Kafka at 127.0.0.1:" + kafkaPort + " (none of its brokers accepts a connection)\n",
                cliErr.toString());
        assertFalse(Files.exists(new StackLayout(stateDir).stackFile()));
    }

    @Test
    void servicesOnAnExternalKafkaAreRecordedWithoutABroker() throws Exception {
        FakeServices.create(home, false);
        try (ServerSocket kafka = new ServerSocket(0)) {
            int base = FakeServices.freeBasePort(1);
            assertEquals(0, kpm("up", "--kafka", "127.0.0.1:" + kafka.getLocalPort(), "--base-port",
                    Integer.toString(base), "--state-dir", stateDir.toString()), out() + err());
            StackState state = StackState.read(new StackLayout(stateDir)).orElseThrow();
            assertTrue(state.externalKafka());
            assertEquals("127.0.0.1:" + kafka.getLocalPort(), state.bootstrap());
            assertEquals(List.of("services"), state.components().stream().map(StackComponent::name).toList(),
                    "one node: scheduler, gateway and agent in one JVM");
            assertTrue(out().contains("kafka (external)  -"), out());
        }
    }

    @Test
    void missingServicesSayHowToBuildThem() {
        assertEquals(1, kpm("up", "--state-dir", stateDir.toString()));
        assertTrue(cliErr.toString().startsWith("kpm up: the services are not built (missing [broker/target/kpm-broker.jar"),
                cliErr.toString());
    }

    @Test
    void downWithoutAStackSaysSo() {
        assertEquals(0, kpm("down", "--state-dir", stateDir.toString()));
        assertEquals("no kpm stack in " + stateDir + "\n", out());
    }

    private int kpm(String... args) {
        CommandLine kpm = Kpm.commandLine();
        kpm.setErr(new PrintWriter(cliErr, true));
        return kpm.execute(args);
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }
}
