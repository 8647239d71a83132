package io.kpm.gateway.pmi.wire2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A PMI-2 body's {@code k=v;} pairs, in order (spawn repeats keys per segment). A {@code ;} inside a value is
 * written {@code ;;}.
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
                    ended = true;
                    j++;
                    break;
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

    public static String escape(String value) {
        return value.replace(";", ";;");
    }
}
