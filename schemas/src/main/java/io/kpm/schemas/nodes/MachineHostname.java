package io.kpm.schemas.nodes;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A node's default id and host name: the one rule the agent and {@code kpm agent}'s id check both follow. */
public final class MachineHostname {

    private MachineHostname() {
    }

    /** What the OS reports, else $HOSTNAME, else "localhost". */
    public static String get() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            if (name != null && !name.isBlank()) return name;
        } catch (UnknownHostException e) {
            // a host without a resolvable name of its own still has $HOSTNAME in most shells
        }
        String env = System.getenv("HOSTNAME");
        return env != null && !env.isBlank() ? env : "localhost";
    }
}
