package io.kpm.cli.http;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads server-sent events from a stream as the HTML spec says: {@code field: value} lines (one optional space
 * after the colon), {@code :} comments ignored, several {@code data} lines joined by newlines, an event
 * dispatched at a blank line (and only when it has data). Lines may end in CRLF, LF or CR; how the bytes are
 * split across network reads does not matter.
 */
public final class SseReader implements Closeable {

    private final BufferedReader lines;

    public SseReader(InputStream in) {
        this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next event, or null at the end of the stream (an unfinished last event is dropped, as the spec says). */
    public SseEvent next() throws IOException {
        String name = null;
        String id = null;
        StringBuilder data = null;
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) return new SseEvent(name == null ? "message" : name, data.toString(), id);
                name = null;
                continue;
            }
            if (line.startsWith(":")) continue;
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) value = value.substring(1);
            switch (field) {
                case "event" -> name = value.isEmpty() ? null : value;
                case "data" -> {
                    if (data == null) data = new StringBuilder(value);
                    else data.append('\n').append(value);
                }
                case "id" -> id = value;
                default -> {
                    // "retry" and unknown fields: nothing for a command-line reader to do
                }
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
