package io.kpm.nodeagent.input;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.kpm.nodeagent.process.RankKey;
import io.kpm.schemas.events.StdinChunk;

/** The stdin pipes of this agent's ranks that were launched with one, by rank; a pipe leaves when its rank exits. */
@Singleton
public class StdinPipes {

    private static final Logger LOG = Logger.getLogger(StdinPipes.class);
    /** Chunks queued per pipe: with the gateway's 64 KiB chunks at most 1 MiB of a rank's stdin is in memory. */
    static final int QUEUED_CHUNKS = 16;

    private final Map<RankKey, StdinPipe> pipes = new ConcurrentHashMap<>();

    /** The launcher gave this rank a stdin pipe; it is written until EOF, the rank's exit or the rank closing it. */
    public void open(RankKey key, Process process) {
        StdinPipe pipe = new StdinPipe(key.toString(), process.getOutputStream(), QUEUED_CHUNKS).start();
        pipes.put(key, pipe);
        process.onExit().thenRun(() -> {
            pipes.remove(key, pipe);
            pipe.abandon();
        });
    }

    /** Called on the stdin reader's thread; waits while the rank's queue is full. */
    public void onChunk(StdinChunk chunk) throws InterruptedException {
        RankKey key = new RankKey(chunk.pgid(), chunk.rank());
        StdinPipe pipe = pipes.get(key);
        if (pipe == null) {
            // the rank exited (or was never ours to feed): its stdin has nobody to read it
            LOG.debugf("stdin chunk %d for %s, which has no open stdin here: dropped", chunk.seq(), key);
            return;
        }
        pipe.write(chunk.seq(), chunk.data(), chunk.eof());
    }

    /** Open pipes, for tests and metrics. */
    public int count() {
        return pipes.size();
    }
}
