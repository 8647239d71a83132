package io.kpm.cli.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;

import io.kpm.cli.http.GatewayClient;
import io.kpm.cli.http.GatewayProblem;
import io.kpm.cli.http.GatewayUnreachable;

/**
 * Forwards {@code kpm run}'s stdin to the job's rank 0, as mpiexec does: chunk by chunk as it can be read (a line typed
 * at a terminal goes at once), then EOF. One chunk is in flight at a time, so memory stays at one chunk whatever the
 * input's size; the log is the buffer beyond that. It stops quietly when the job takes no more stdin (it ended, or
 * rank 0 exited or closed its stdin) and says why on stderr for any other refusal.
 */
public final class StdinForwarder {

    /** The gateway's largest chunk. */
    public static final int CHUNK = 64 * 1024;
    private static final int RESENDS = 5;

    private final GatewayClient client;
    private final long pgid;
    private final InputStream in;
    private final PrintStream err;

    public StdinForwarder(GatewayClient client, long pgid, InputStream in, PrintStream err) {
        this.client = client;
        this.pgid = pgid;
        this.in = in;
        this.err = err;
    }

    /** Starts forwarding on a daemon thread: a read of a stdin that never ends must not keep kpm run alive. */
    public void start() {
        Thread thread = new Thread(this::forward, "kpm-run-stdin");
        thread.setDaemon(true);
        thread.start();
    }

    void forward() {
        byte[] buffer = new byte[CHUNK];
        long seq = 0;
        try {
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    err.println("kpm run: cannot read stdin (" + e.getMessage() + "); rank 0 gets end of file");
                    n = -1;
                }
                boolean eof = n < 0;
                if (!send(seq++, eof ? new byte[0] : Arrays.copyOf(buffer, n), eof) || eof) return;
            }
        } catch (GatewayProblem e) {
            if (e.status() != 409) err.println("kpm run: stdin is not forwarded any more: " + e.getMessage());
        }
    }

    /** @return false when the gateway could not be reached after several tries */
    private boolean send(long seq, byte[] data, boolean eof) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.stdin(pgid, seq, data, eof);
                return true;
            } catch (GatewayUnreachable | GatewayProblem e) {
                // 503: Kafka or the job's view not ready yet. No answer: the chunk may have arrived before the answer
                // was lost, and the same seq again is skipped by the agent
                if (e instanceof GatewayProblem p && p.status() != 503) throw p;
                if (attempt >= RESENDS) {
                    err.println("kpm run: stdin is not forwarded any more: " + e.getMessage());
                    return false;
                }
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }
}
