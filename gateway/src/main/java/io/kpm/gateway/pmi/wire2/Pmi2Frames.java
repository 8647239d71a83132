package io.kpm.gateway.pmi.wire2;

import java.nio.charset.StandardCharsets;

/** The PMI-2 length field: 6 chars of decimal, left- or right-justified with spaces, or zero-padded. */
public final class Pmi2Frames {

    public static final int HEADER = 6;
    /** Larger bodies are refused: no client sends them, and they would be held in memory. */
    public static final int MAX_BODY = 1 << 20;

    private Pmi2Frames() {
    }

    /** @throws IllegalArgumentException when the field is not a length or an absurd one */
    public static int parseLength(byte[] header) {
        String text = new String(header, StandardCharsets.US_ASCII).trim();
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("bad PMI-2 length field '" + printable(header) + "'");
        }
        int length = Integer.parseInt(text);
        if (length > MAX_BODY) {
            throw new IllegalArgumentException("PMI-2 length " + length + " exceeds " + MAX_BODY);
        }
        return length;
    }

    private static String printable(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) sb.append(b >= 32 && b < 127 ? (char) b : '?');
        return sb.toString();
    }
}
