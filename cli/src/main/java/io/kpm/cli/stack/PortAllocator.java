package io.kpm.cli.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.kpm.cli.CliFailure;

/** Finds free TCP ports and checks that the ports a stack wants are not taken. */
public final class PortAllocator {

    private PortAllocator() {
    }

    /** {@code count} distinct ports that are free right now (all held open together so none repeats). */
    public static List<Integer> freePorts(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                held.add(socket);
                // no SO_REUSEADDR: the port must be really free, not merely in TIME_WAIT
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(0));
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
