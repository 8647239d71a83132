package io.kpm.cli.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SseReaderTest {

    @Test
    void readsNamedEventsAndDefaultsTheNameToMessage() throws IOException {
        List<SseEvent> events = readAll(stream("event: output\ndata: {\"rank\":0}\n\ndata: plain\n\n"));
        assertEquals(List.of(new SseEvent("output", "{\"rank\":0}", null), new SseEvent("message", "plain", null)), events);
    }

    @Test
    void joinsDataLinesWithNewlines() throws IOException {
        List<SseEvent> events = readAll(stream("event: end\ndata: {\"a\":\ndata:  1}\ndata\n\n"));
        assertEquals(List.of(new SseEvent("end", "{\"a\":\n 1}\n", null)), events);
    }

    @Test
    void ignoresCommentsRetryAndUnknownFields() throws IOException {
        List<SseEvent> events = readAll(stream(": keep-alive\nretry: 1000\nfoo: bar\nid: 7\ndata: x\n\n:\n\n"));
        assertEquals(List.of(new SseEvent("message", "x", "7")), events);
    }

    @Test
    void aBlankLineWithoutDataDispatchesNothingAndForgetsTheName() throws IOException {
        List<SseEvent> events = readAll(stream("event: output\n\ndata: y\n\n"));
        assertEquals(List.of(new SseEvent("message", "y", null)), events);
    }

    @Test
    void handlesCrLfAndCrLineEnds() throws IOException {
        List<SseEvent> events = readAll(stream("event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\r"));
        assertEquals(List.of(new SseEvent("a", "1", null), new SseEvent("b", "2", null)), events);
    }

    @Test
    void eventsSplitAcrossReadsComeOutWhole() throws IOException {
        String text = "event: output\ndata: {\"rank\":1,\"data\":\"aGk=\"}\n\nevent: end\ndata: {\"state\":\"FINISHED\"}\n\n";
        for (int chunk = 1; chunk <= 5; chunk++) {
            List<SseEvent> events = readAll(new TrickleStream(text.getBytes(StandardCharsets.UTF_8), chunk));
            assertEquals(List.of(new SseEvent("output", "{\"rank\":1,\"data\":\"aGk=\"}", null),
                    new SseEvent("end", "{\"state\":\"FINISHED\"}", null)), events, "chunks of " + chunk);
        }
    }

    @Test
    void anUnfinishedLastEventIsDropped() throws IOException {
        SseReader reader = new SseReader(stream("data: complete\n\ndata: cut off"));
        assertEquals("complete", reader.next().data());
        assertNull(reader.next());
    }

    @Test
    void multiByteCharactersSplitAcrossReadsSurvive() throws IOException {
        String text = "data: grüße ✓\n\n";
        List<SseEvent> events = readAll(new TrickleStream(text.getBytes(StandardCharsets.UTF_8), 1));
        assertEquals("grüße ✓", events.get(0).data());
    }

    private static List<SseEvent> readAll(InputStream in) throws IOException {
        List<SseEvent> events = new ArrayList<>();
        try (SseReader reader = new SseReader(in)) {
            SseEvent event;
            while ((event = reader.next()) != null) events.add(event);
        }
        return events;
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Hands out at most {@code chunk} bytes per read, like a network connection delivering pieces. */
    private static final class TrickleStream extends InputStream {
        private final byte[] bytes;
        private final int chunk;
        private int position;

        TrickleStream(byte[] bytes, int chunk) {
            this.bytes = bytes;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position >= bytes.length) return -1;
            int n = Math.min(Math.min(length, chunk), bytes.length - position);
            System.arraycopy(bytes, position, target, offset, n);
            position += n;
            return n;
        }
    }
}
