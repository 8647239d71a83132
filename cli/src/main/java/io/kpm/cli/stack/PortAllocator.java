package io.kpm.cli.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.kpm.cli.CliFailure;

/** Finds free TCP ports and checks that the ports a stack wants are not taken. */
public final class PortAllocator {

    private PortAllocator() {
    }

    /**
     * {@code count} distinct ports that are free right now (all held open together so none repeats), taken below
     * the kernel's ephemeral range: a port from that range (what binding port 0 gives) can be taken as the source
     * port of any outgoing connection, such as a Kafka client's, between now and the service's own bind.
     */
    public static List<Integer> freePorts(int count) {
        int below = ephemeralLow();
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int attempt = 0; ports.size() < count && attempt < 50 * count && below - LOWEST > count; attempt++) {
                int port = LOWEST + ThreadLocalRandom.current().nextInt(below - LOWEST);
                if (ports.contains(port)) continue;
                ServerSocket socket = bound(port);
                if (socket == null) continue;
                held.add(socket);
                ports.add(port);
            }
            while (ports.size() < count) {
                // no room below the ephemeral range: any free port
                ServerSocket socket = bound(0);
                if (socket == null) throw new IOException("no port is free");
                held.add(socket);
                ports.add(socket.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new CliFailure("cannot find free TCP ports: " + e.getMessage(), e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket we own does not fail in practice
                }
            }
        }
    }

    private static final int LOWEST = 10_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    /** The first port of the kernel's ephemeral range (Linux's default 32768 when it cannot be read). */
    static int ephemeralLow() {
        try {
            // read as lines: Files.readString trusts the size procfs reports, and returned "3" here
            String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /** A socket listening on the port (0: any free one), or null when the port is taken. */
    private static ServerSocket bound(int port) {
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            // no SO_REUSEADDR: the port must be really free, not merely in TIME_WAIT
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return socket;
        } catch (IOException e) {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing was bound
                }
            }
            return null;
        }
    }

    /** True when nothing listens on the port, on any address. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** @throws CliFailure naming the first port that is taken and what kpm wanted it for */
    public static void requireFree(Map<String, Integer> portsByUse) {
        for (Map.Entry<String, Integer> use : portsByUse.entrySet()) {
            if (!isFree(use.getValue())) {
                throw new CliFailure("port " + use.getValue() + " (" + use.getKey() + ") is already in use;"
                        + " stop what listens there or choose other ports with --base-port");
            }
        }
    }
}
