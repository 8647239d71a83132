package io.kpm.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackStateTest {

    @Test
    void roundTripsThroughStackJsonAndStopsAgentsFirstAndTheBrokerLast(@TempDir Path dir) throws Exception {
        StackLayout layout = new StackLayout(dir);
        StackState state = new StackState(dir.toString(), StackState.STARTING, "2025-11-22T04:36:01Z", null,
                "127.0.0.1:7700", false, "http://127.0.0.1:7702", "127.0.0.1:7703", List.of())
                .with(component("broker", Role.BROKER, 10))
                .with(component("scheduler", Role.SCHEDULER, 11))
                .with(component("gateway", Role.GATEWAY, 12))
                .with(component("node-0", Role.NODE_AGENT, 13))
                .with(component("node-1", Role.NODE_AGENT, 14))
                .up(4321);
        state.write(layout);

        StackState read = StackState.read(layout).orElseThrow();
        assertEquals(state, read);
        assertEquals(StackState.UP, read.status());
        assertEquals(List.of("node-0", "node-1", "gateway", "scheduler", "broker"),
                read.stopOrder().stream().map(StackComponent::name).toList());
        assertFalse(Files.readString(layout.stackFile()).contains("stopOrder"));

        StackState restarted = read.with(component("node-0", Role.NODE_AGENT, 99));
        assertEquals(List.of("broker", "scheduler", "gateway", "node-0", "node-1"),
                restarted.components().stream().map(StackComponent::name).toList(), "a restarted part keeps its place");
        assertEquals(99, restarted.components().get(3).pid());

        Files.createDirectories(layout.pidsDir());
        Files.writeString(layout.pidFile("broker"), "10\n");
        StackState.delete(layout, read.components());
        assertFalse(Files.exists(layout.stackFile()));
        assertFalse(Files.exists(layout.pidFile("broker")));
        assertTrue(StackState.read(layout).isEmpty());
    }

    @Test
    void aStackWhoseProcessesAreGoneIsNotRunning(@TempDir Path dir) {
        StackLayout layout = new StackLayout(dir);
        new StackState(dir.toString(), StackState.UP, null, null, null, false, null, null,
                List.of(new StackComponent("broker", Role.BROKER, 999_999_999L, 1, null, "x.jar", "", null, "", List.of())))
                .write(layout);
        assertTrue(RunningStack.find(layout).isEmpty());
        assertTrue(RunningStack.healthyGateway(layout).isEmpty());
    }

    private static StackComponent component(String name, Role role, long pid) {
        return new StackComponent(name, role, pid, 7700, null, "/x/" + name + ".jar", "127.0.0.1:7700", null,
                "/logs/" + name + ".log", List.of("java", "-jar", name + ".jar"));
    }
}
