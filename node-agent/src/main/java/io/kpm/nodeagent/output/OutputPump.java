package io.kpm.nodeagent.output;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.kpm.nodeagent.config.NodeIdentity;
import io.kpm.nodeagent.events.EventPublisher;
import io.kpm.nodeagent.process.RankKey;
import io.kpm.schemas.events.OutputChunk;
import io.kpm.schemas.events.OutputStream;

/**
 * Copies one output stream of a rank to kpm.proc.output as it arrives: a chunk per read (at most 16 KiB), then
 * a last empty chunk with eof=true. Each chunk is confirmed by Kafka before the next read, which keeps a chatty
 * rank from outrunning the producer and means "done" really is "every chunk is on the topic". Past
 * {@code kpm.agent.output-cap} bytes the pump keeps reading, so that the rank never blocks on a full pipe, but
 * publishes nothing more; the eof chunk then says the stream was truncated and how much was dropped.
 */
public final class OutputPump implements Runnable {

    static final int MAX_CHUNK = 16 * 1024;
    private static final Logger LOG = Logger.getLogger(OutputPump.class);
    private static final long ACK_TIMEOUT_SECONDS = 60;

    private final RankKey rank;
    private final OutputStream stream;
    private final InputStream in;
    private final EventPublisher publisher;
    private final NodeIdentity node;
    private final OutputCap cap;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private long seq;

    public OutputPump(RankKey rank, OutputStream stream, InputStream in, EventPublisher publisher, NodeIdentity node,
                      long capBytes) {
        this.rank = rank;
        this.cap = new OutputCap(capBytes);
        this.stream = stream;
        this.in = in;
        this.publisher = publisher;
        this.node = node;
    }

    /** Starts the pump on its own thread; blocking reads of a pipe need one. */
    public OutputPump start() {
        Thread thread = new Thread(this, "kpm-output-" + rank.pgid() + "-" + rank.rank() + "-" + stream.name().toLowerCase());
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Completes after the eof chunk was published. */
    public CompletableFuture<Void> done() {
        return done;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[MAX_CHUNK];
        try (in) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                boolean wasTruncated = cap.truncated();
                int keep = cap.take(n);
                if (keep > 0) send(Arrays.copyOf(buffer, keep), false);
                if (cap.truncated() && !wasTruncated) {
                    LOG.warnf("%s of %s passed kpm.agent.output-cap (%d bytes): the rest is read and dropped",
                            stream, rank, cap.capBytes());
                }
            }
        } catch (IOException e) {
            LOG.warnf("reading %s of %s stopped: %s", stream, rank, e.getMessage());
        } finally {
            sendEof();
            done.complete(null);
        }
    }

    private void send(byte[] data, boolean eof) {
        publish(new OutputChunk(node.meta(), rank.pgid(), rank.rank(), node.nodeId(), stream, seq++, data, eof));
    }

    private void sendEof() {
        if (!cap.truncated()) {
            send(new byte[0], true);
            return;
        }
        LOG.warnf("%s of %s truncated: %d bytes published, %d dropped", stream, rank, cap.kept(), cap.dropped());
        publish(new OutputChunk(node.meta(), rank.pgid(), rank.rank(), node.nodeId(), stream, seq++, new byte[0], true,
                true, cap.kept(), cap.dropped()));
    }

    private void publish(OutputChunk chunk) {
        try {
            publisher.publish(chunk).toCompletableFuture().get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // already logged by the publisher; the rank keeps running and later chunks may still get through
        }
    }
}
