package io.kpm.cli.run;

/**
 * Hydra's {@code -outfile-pattern}/{@code -errfile-pattern}: a file name in which {@code %r} is the rank,
 * {@code %g} the process group, {@code %h} the rank's node, {@code %p} that node's index among the job's nodes
 * (Hydra's proxy id) and {@code %%} a percent sign. Hydra 4.2.3 fails the job at the first output when the
 * pattern has another {@code %} letter or ends in {@code %}; kpm refuses such a pattern before it starts.
 */
public record OutputFilePattern(String pattern) {

    /** Where a rank runs, for {@code %h} and {@code %p}. */
    public record Place(String node, int nodeIndex) {
    }

    /** @throws IllegalArgumentException saying what is wrong with the pattern */
    public OutputFilePattern {
        if (pattern.isEmpty()) throw new IllegalArgumentException("the file pattern is empty");
        for (int i = 0; i < pattern.length(); i++) {
            if (pattern.charAt(i) != '%') continue;
            if (i + 1 == pattern.length()) {
                throw new IllegalArgumentException("the file pattern \"" + pattern + "\" ends in a lone %");
            }
            char spec = pattern.charAt(++i);
            if ("rghp%".indexOf(spec) < 0) {
                throw new IllegalArgumentException("the file pattern \"" + pattern + "\" has %" + spec
                        + "; known are %r (rank), %g (pgid), %h (node), %p (node index) and %%");
            }
        }
    }

    /** Whether resolving needs to know where the rank runs. */
    public boolean needsPlace() {
        for (int i = 0; i + 1 < pattern.length(); i++) {
            if (pattern.charAt(i) != '%') continue;
            char spec = pattern.charAt(++i);
            if (spec == 'h' || spec == 'p') return true;
        }
        return false;
    }

    /** @param place where the rank runs; null only when {@link #needsPlace()} is false */
    public String resolve(int rank, long pgid, Place place) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%') {
                name.append(c);
                continue;
            }
            char spec = pattern.charAt(++i);
            switch (spec) {
                case 'r' -> name.append(rank);
                case 'g' -> name.append(pgid);
                case 'h' -> name.append(place.node());
                case 'p' -> name.append(place.nodeIndex());
                default -> name.append('%');
            }
        }
        return name.toString();
    }
}
