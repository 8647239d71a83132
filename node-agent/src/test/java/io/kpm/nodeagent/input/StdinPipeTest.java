package io.kpm.nodeagent.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** A rank's stdin pipe on real processes and in-memory streams: order, repeats, EOF, a rank that stops reading. */
class StdinPipeTest {

    @Test
    void chunksReachTheRankInOrderRepeatsOnceAndEofEndsItsRead() throws Exception {
        Process cat = new ProcessBuilder("sh", "-c", "cat; echo '<eof>'").start();
        StdinPipe pipe = new StdinPipe("cat", cat.getOutputStream(), 4).start();
        assertTrue(pipe.write(0, "one ".getBytes(), false));
        assertTrue(pipe.write(0, "one ".getBytes(), false), "a chunk sent again is skipped, not refused");
        assertTrue(pipe.write(1, new byte[] {0, (byte) 0xff, '\n'}, false));
        assertTrue(pipe.write(2, new byte[0], true));
        byte[] out = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> cat.getInputStream().readAllBytes());
        assertArrayEquals("one \0\u00ff\n<eof>\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), out);
        assertEquals(0, cat.waitFor());
    }

    @Test
    void aRankThatExitedDropsItsStdinWithoutBlockingTheReader() throws Exception {
        Process quits = new ProcessBuilder("true").start();
        quits.waitFor();
        StdinPipe pipe = new StdinPipe("true", quits.getOutputStream(), 2).start();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            // far more than the queue holds: the writer meets the closed pipe and everything after it is dropped
            for (int i = 0; i < 64 && !pipe.isClosed(); i++) pipe.write(i, new byte[65536], false);
            while (!pipe.isClosed()) Thread.sleep(10);
        });
        assertFalse(pipe.write(1000, "late".getBytes(), false));
    }

    @Test
    void aFullQueueWaitsAndAbandonReleasesTheWaiter() throws Exception {
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                try {
                    Thread.sleep(60_000); // a rank that never reads
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        StdinPipe pipe = new StdinPipe("stuck", stuck, 1).start();
        pipe.write(0, "a".getBytes(), false); // taken by the writer, which then hangs in write
        Thread.sleep(100);
        pipe.write(1, "b".getBytes(), false); // fills the queue
        Thread waiter = new Thread(() -> {
            try {
                pipe.write(2, "c".getBytes(), false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        waiter.join(500);
        assertTrue(waiter.isAlive(), "a full queue holds the reader back: memory stays bounded");
        pipe.abandon();
        waiter.join(5000);
        assertFalse(waiter.isAlive(), "the rank's exit releases it");
    }

    @Test
    void nothingIsWrittenToAClosedPipeAfterEof() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        StdinPipe pipe = new StdinPipe("mem", sink, 4).start();
        pipe.write(0, "x".getBytes(), true);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            while (!pipe.isClosed()) Thread.sleep(10);
        });
        assertFalse(pipe.write(1, "y".getBytes(), false));
        assertEquals("x", sink.toString());
    }
}
