package io.kpm.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kpm.cli.CliFailure;

class PortAllocatorTest {

    @Test
    void freePortsAreDistinctAndFree() {
        List<Integer> ports = PortAllocator.freePorts(8);
        assertEquals(8, new HashSet<>(ports).size());
        for (int port : ports) {
            assertTrue(port > 0 && port <= 65535);
            assertTrue(PortAllocator.isFree(port), "port " + port);
            // never one an outgoing connection could be given as its source port meanwhile
            assertTrue(port < PortAllocator.ephemeralLow(), "port " + port + " is in the ephemeral range");
        }
    }

    @Test
    void aListeningPortIsNotFreeOnLoopbackOrAnyAddress() throws Exception {
        try (ServerSocket loopback = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ServerSocket any = new ServerSocket(0)) {
            assertFalse(PortAllocator.isFree(loopback.getLocalPort()));
            assertFalse(PortAllocator.isFree(any.getLocalPort()));
        }
    }

    @Test
    void aTakenPortIsNamedWithWhatKpmWantedItFor() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            Map<String, Integer> uses = new LinkedHashMap<>();
            uses.put("Kafka broker", PortAllocator.freePorts(1).get(0));
            uses.put("gateway HTTP", port);
            CliFailure e = assertThrows(CliFailure.class, () -> PortAllocator.requireFree(uses));
            assertEquals("port " + port + " (gateway HTTP) is already in use; stop what listens there or choose"
                    + " other ports with --base-port", e.getMessage());
        }
    }

    @Test
    void theBasePortLayoutFollowsTheArchitecture() {
        StackPorts ports = StackPorts.fromBase(7700, 3);
        assertEquals(new StackPorts(7700, 7701, 7702, 7703, 7704, List.of(7710, 7711, 7712)), ports);
        assertEquals(List.of("Kafka broker", "Kafka controller", "gateway HTTP", "gateway PMI", "scheduler HTTP",
                "node agent 0 HTTP", "node agent 1 HTTP", "node agent 2 HTTP"), List.copyOf(ports.byUse(true).keySet()));
        assertFalse(ports.byUse(false).containsKey("Kafka broker"), "an external Kafka's ports are not ours to check");
    }

    @Test
    void aBasePortWithoutRoomIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StackPorts.fromBase(65530, 1));
        assertTrue(e.getMessage().startsWith("--base-port 65530 leaves no room for 1 node agent(s)"), e.getMessage());
    }

    @Test
    void freeStackPortsAreSixDistinctPortsForOneNode() {
        StackPorts ports = StackPorts.free(1);
        assertEquals(6, new HashSet<>(ports.byUse(true).values()).size());
    }
}
