package io.kpm.gateway.pmi.server;

import java.util.ArrayList;
import java.util.List;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.wire1.Pmi1Decoder;
import io.kpm.gateway.pmi.wire2.Pmi2Frames;
import io.vertx.core.buffer.Buffer;

/**
 * Cuts a PMI connection's bytes into frames, and nothing else. Every connection starts with PMI-1 lines (up to
 * {@link #MAX_LINE} bytes, a trailing {@code \r} dropped); a first line {@code cmd=init pmi_version=2} switches it
 * to PMI-2 messages (a 6-character length and that many bytes) from the next byte on, even within the same packet.
 * Bytes of an unfinished frame wait for the next {@link #feed}. Input that cannot be framed ends the decoding with
 * one {@link Frame.Unframable}; the connection answers it and closes.
 */
final class PmiFrameDecoder {

    /** MPICH's line buffer is 1024 bytes; a little slack for other clients. */
    static final int MAX_LINE = 2048;

    sealed interface Frame {
        /** A PMI-1 line. */
        record Line(String text) implements Frame {
        }

        /** The first line, asking for PMI-2: what follows is PMI-2 messages. */
        record Pmi2Init(String text) implements Frame {
        }

        /** A PMI-2 message body. */
        record Message(String body) implements Frame {
        }

        /** Nothing more can be framed; {@code pmi2}: the answer must be a PMI-2 message. */
        record Unframable(String why, boolean pmi2) implements Frame {
        }
    }

    private enum State { FIRST_LINE, PMI1, PMI2, BROKEN }

    private Buffer pending = Buffer.buffer();
    private State state = State.FIRST_LINE;

    /** The complete frames in what has arrived so far. */
    List<Frame> feed(Buffer data) {
        List<Frame> frames = new ArrayList<>();
        if (state == State.BROKEN) return frames;
        pending.appendBuffer(data);
        int pos = 0;
        while (state != State.BROKEN) {
            int next = state == State.PMI2 ? message(pos, frames) : line(pos, frames);
            if (next < 0) break;
            pos = next;
        }
        pending = state == State.BROKEN || pos >= pending.length() ? Buffer.buffer() : pending.getBuffer(pos, pending.length());
        return frames;
    }

    /** @return where the next frame starts, or -1 when no complete frame is there */
    private int message(int pos, List<Frame> frames) {
        int available = pending.length() - pos;
        if (available < Pmi2Frames.HEADER) return -1;
        int length;
        try {
            length = Pmi2Frames.parseLength(pending.getBytes(pos, pos + Pmi2Frames.HEADER));
        } catch (IllegalArgumentException e) {
            state = State.BROKEN;
            frames.add(new Frame.Unframable(e.getMessage(), true));
            return -1;
        }
        if (available - Pmi2Frames.HEADER < length) return -1;
        int start = pos + Pmi2Frames.HEADER;
        frames.add(new Frame.Message(pending.getString(start, start + length, "UTF-8")));
        return start + length;
    }

    private int line(int pos, List<Frame> frames) {
        int newline = -1;
        for (int i = pos; i < pending.length(); i++) {
            if (pending.getByte(i) == '\n') {
                newline = i;
                break;
            }
        }
        if ((newline < 0 ? pending.length() : newline) - pos > MAX_LINE) {
            state = State.BROKEN;
            frames.add(new Frame.Unframable("line longer than " + MAX_LINE + " bytes", false));
            return -1;
        }
        if (newline < 0) return -1;
        String line = pending.getString(pos, newline, "UTF-8");
        if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
        if (state == State.FIRST_LINE && Pmi1Decoder.decode(line) instanceof PmiRequest.Init init && init.version() == 2) {
            state = State.PMI2;
            frames.add(new Frame.Pmi2Init(line));
        } else {
            state = State.PMI1;
            frames.add(new Frame.Line(line));
        }
        return newline + 1;
    }
}
