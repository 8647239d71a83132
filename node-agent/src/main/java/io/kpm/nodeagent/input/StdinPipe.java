package io.kpm.nodeagent.input;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * The write end of one rank's stdin pipe, fed chunk by chunk in the order of their {@code seq}.
 *
 * <p>A thread of its own writes to the pipe, because a rank that does not read its stdin fills the pipe and the write
 * blocks; the Kafka reader must not block with it for longer than the bounded queue in between takes to fill
 * ({@code capacity} chunks of at most the gateway's chunk size). When the queue is full, {@link #write} waits: the
 * rest of the stdin stays in Kafka, not in memory. Once the rank has closed its stdin or exited, everything
 * further is dropped, as mpiexec drops stdin nobody reads.
 */
public final class StdinPipe {

    private static final Logger LOG = Logger.getLogger(StdinPipe.class);
    private static final byte[] EOF = new byte[0];

    private final String name;
    private final OutputStream pipe;
    private final BlockingQueue<byte[]> queue;
    private final Thread writer;
    private long nextSeq;
    private volatile boolean closed;

    public StdinPipe(String name, OutputStream pipe, int capacity) {
        this.name = name;
        this.pipe = pipe;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = new Thread(this::writeAll, "kpm-stdin-" + name);
        this.writer.setDaemon(true);
    }

    public StdinPipe start() {
        writer.start();
        return this;
    }

    /**
     * Queues a chunk for the pipe, waiting while the queue is full. A chunk whose seq was seen already (the launcher
     * sent it again after a lost answer) is skipped; a gap is written anyway and logged.
     *
     * @return false when the pipe is closed and the chunk was dropped
     */
    public boolean write(long seq, byte[] data, boolean eof) throws InterruptedException {
        if (closed) return false;
        if (seq < nextSeq) {
            LOG.debugf("stdin of %s: chunk %d again, skipped", name, seq);
            return true;
        }
        if (seq > nextSeq) LOG.warnf("stdin of %s: chunks %d to %d never arrived", name, nextSeq, seq - 1);
        nextSeq = seq + 1;
        if (data.length > 0) {
            while (!queue.offer(data, 200, TimeUnit.MILLISECONDS)) {
                if (closed) return false;
            }
        }
        if (eof) {
            while (!queue.offer(EOF, 200, TimeUnit.MILLISECONDS)) {
                if (closed) return false;
            }
        }
        return true;
    }

    /** The rank is gone: drop what is queued, close the pipe and end the writer. */
    public void abandon() {
        closed = true;
        queue.clear();
        writer.interrupt();
    }

    public boolean isClosed() {
        return closed;
    }

    private void writeAll() {
        try {
            while (!closed) {
                byte[] chunk = queue.take();
                if (chunk == EOF) break;
                pipe.write(chunk);
                pipe.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the rank closed its stdin or exited: mpiexec drops what nobody reads, and so do we
            LOG.debugf("stdin of %s closed by the rank: %s", name, e.getMessage());
        } finally {
            closed = true;
            queue.clear();
            try {
                pipe.close();
            } catch (IOException e) {
                LOG.debugf("closing the stdin of %s: %s", name, e.getMessage());
            }
        }
    }
}
