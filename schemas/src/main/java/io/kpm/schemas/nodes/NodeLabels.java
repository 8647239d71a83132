package io.kpm.schemas.nodes;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A node's labels ({@code kpm agent --labels rack=r1,gpu=a100}), as Slurm's node features or Kubernetes' node
 * labels: free words an operator attaches to a node, shown by {@code kpm nodes} and the REST node view. Bounded,
 * because every heartbeat repeats them: at most {@link #MAX_LABELS}, keys of 1-63 and values of 0-63 characters
 * from a small alphabet.
 */
public final class NodeLabels {

    public static final int MAX_LABELS = 32;

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,62}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._:/-]{0,63}");

    private NodeLabels() {
    }

    /**
     * Parses {@code k=v,k2=v2} (a bare {@code k} is {@code k=} with an empty value); blank text is no labels.
     *
     * @throws IllegalArgumentException naming the label that is not allowed and why
     */
    public static SortedMap<String, String> parse(String text) {
        SortedMap<String, String> labels = new TreeMap<>();
        if (text == null || text.isBlank()) return Collections.unmodifiableSortedMap(labels);
        for (String item : text.split(",")) {
            String label = item.strip();
            if (label.isEmpty()) continue;
            int eq = label.indexOf('=');
            String key = eq < 0 ? label : label.substring(0, eq).strip();
            String value = eq < 0 ? "" : label.substring(eq + 1).strip();
            if (labels.put(key, value) != null) throw new IllegalArgumentException("label '" + key + "' is given twice");
        }
        return validated(labels);
    }

    /** The labels, checked: a sorted, unmodifiable copy. */
    public static SortedMap<String, String> validated(Map<String, String> labels) {
        if (labels.size() > MAX_LABELS) {
            throw new IllegalArgumentException("at most " + MAX_LABELS + " labels, got " + labels.size());
        }
        for (var label : labels.entrySet()) {
            if (label.getKey() == null || !KEY.matcher(label.getKey()).matches()) {
                throw new IllegalArgumentException("label key '" + label.getKey() + "' is not 1-63 of A-Z a-z 0-9 . _ / -"
                        + " (starting with a letter or digit)");
            }
            if (label.getValue() == null || !VALUE.matcher(label.getValue()).matches()) {
                throw new IllegalArgumentException("label " + label.getKey() + "'s value '" + label.getValue()
                        + "' is not 0-63 of A-Z a-z 0-9 . _ : / -");
            }
        }
        return Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }
}
