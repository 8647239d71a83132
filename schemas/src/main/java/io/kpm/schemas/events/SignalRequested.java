package io.kpm.schemas.events;

import java.util.List;

import io.kpm.schemas.Topics;

/**
 * Send {@code signal} (a name from {@link #FORWARDED}, without "SIG") to every rank of the job running on this node,
 * as mpiexec forwards the signals it receives to its ranks. Keyed by nodeId on kpm.launch: a command for one node.
 */
public record SignalRequested(EventMeta meta, String nodeId, long pgid, String signal) implements KpmEvent, JobScoped {

    /** The signals a job's ranks may be sent; KILL is not one of them (a kill ends the job: DELETE, AbortRequested). */
    public static final List<String> FORWARDED = List.of("HUP", "INT", "QUIT", "ALRM", "TERM", "USR1", "USR2", "CONT",
            "STOP", "TSTP", "WINCH");

    public SignalRequested {
        if (!FORWARDED.contains(signal)) {
            throw new IllegalArgumentException("signal must be one of " + FORWARDED + ", got " + signal);
        }
    }

    @Override
    public String kafkaKey() {
        return nodeId;
    }

    @Override
    public String topic() {
        return Topics.LAUNCH;
    }
}
