package io.kpm.gateway.pmi.wire2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A PMI-2 body's {@code k=v;} pairs, in order (spawn repeats keys per segment). A {@code ;} inside a value is
 * written {@code ;;}. MPICH 4.2's client does not double it (an argv {@code a ; b} arrives as {@code argv0=a ; b;}),
 * so a single {@code ;} ends a value only where a key follows it ({@code [A-Za-z0-9_.-]+=}) or the body ends;
 * otherwise it is part of the value. A value containing {@code ;key=} stays ambiguous, as it is for every
 * server of that client.
 */
public final class Pmi2Pairs {

    private Pmi2Pairs() {
    }

    /** @throws IllegalArgumentException naming what is wrong */
    public static List<Map.Entry<String, String>> parse(String body) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        int i = 0;
        int n = body.length();
        while (i < n) {
            int eq = body.indexOf('=', i);
            if (eq < 0) throw new IllegalArgumentException("malformed pair at offset " + i + ", expected k=v;");
            String key = body.substring(i, eq);
            if (key.isEmpty() || key.indexOf(';') >= 0) {
                throw new IllegalArgumentException("malformed key at offset " + i);
            }
            StringBuilder value = new StringBuilder();
            int j = eq + 1;
            boolean ended = false;
            while (j < n) {
                char c = body.charAt(j);
                if (c == ';') {
                    if (j + 1 < n && body.charAt(j + 1) == ';') {
                        value.append(';');
                        j += 2;
                        continue;
                    }
                    if (endsValue(body, j)) {
                        ended = true;
                        j++;
                        break;
                    }
                }
                value.append(c);
                j++;
            }
            if (!ended) throw new IllegalArgumentException("pair '" + key + "' does not end with a semicolon");
            pairs.add(Map.entry(key, value.toString()));
            i = j;
        }
        return pairs;
    }

    /** Whether the single {@code ;} at {@code at} ends the value: the body ends there or a key follows. */
    private static boolean endsValue(String body, int at) {
        int k = at + 1;
        if (k == body.length()) return true;
        while (k < body.length() && isKeyChar(body.charAt(k))) k++;
        return k > at + 1 && k < body.length() && body.charAt(k) == '=';
    }

    private static boolean isKeyChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.';
    }

    public static String escape(String value) {
        return value.replace(";", ";;");
    }
}
