package io.kpm.schemas;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.config.TopicConfig;

/**
 * How long and how much of a topic Kafka keeps: {@code retention.ms} and {@code retention.bytes} (per partition),
 * {@link #UNLIMITED} meaning no limit. Also the text forms operators write and read: durations such as
 * {@code 7d}, {@code 12h}, {@code 30m}, {@code 45s}, {@code 500ms} or {@code forever}; sizes such as
 * {@code 10G}, {@code 512M}, {@code 64K}, {@code 1000} (bytes) or {@code unlimited} (binary multiples).
 */
public record Retention(long millis, long bytes) {

    public static final long UNLIMITED = -1;
    public static final Retention FOREVER = new Retention(UNLIMITED, UNLIMITED);

    /**
     * Kafka deletes whole segments only, and a segment is closed after {@code segment.ms} (7 days by default):
     * a time limit shorter than that would only take effect a week late. Segments of a time-limited topic are
     * therefore rolled at least daily.
     */
    public static final long MAX_SEGMENT_MILLIS = 24L * 3600 * 1000;

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)");
    private static final long[] SIZE_FACTORS = {1L << 40, 1L << 30, 1L << 20, 1L << 10};
    private static final String[] SIZE_UNITS = {"T", "G", "M", "K"};
    // days are the largest unit shown: "14d" reads more plainly than "2w"
    private static final long[] DURATION_FACTORS = {86_400_000, 3_600_000, 60_000, 1000};
    private static final String[] DURATION_UNITS = {"d", "h", "m", "s"};

    public Retention {
        if (millis < UNLIMITED || millis == 0) throw new IllegalArgumentException("retention time must be positive or unlimited, got " + millis + " ms");
        if (bytes < UNLIMITED || bytes == 0) throw new IllegalArgumentException("retention size must be positive or unlimited, got " + bytes + " bytes");
    }

    public static Retention ofDays(long days, long bytes) {
        return new Retention(days * 86_400_000, bytes);
    }

    public Retention withMillis(long newMillis) {
        return new Retention(newMillis, bytes);
    }

    public Retention withBytes(long newBytes) {
        return new Retention(millis, newBytes);
    }

    /** The topic configs that say this retention (with the segment roll that makes a time limit effective). */
    public Map<String, String> topicConfigs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(millis));
        configs.put(TopicConfig.RETENTION_BYTES_CONFIG, Long.toString(bytes));
        if (millis != UNLIMITED) configs.put(TopicConfig.SEGMENT_MS_CONFIG, Long.toString(segmentMillisFor(millis)));
        return configs;
    }

    /** How often to roll the segments of a topic that keeps data this long. */
    public static long segmentMillisFor(long retentionMillis) {
        return Math.min(retentionMillis, MAX_SEGMENT_MILLIS);
    }

    @Override
    public String toString() {
        return formatMillis(millis) + ", " + formatBytes(bytes);
    }

    /**
     * A duration as operators write it ({@code 30d}, {@code 12h}, {@code forever}) in milliseconds.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static long parseMillis(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("forever") || t.equals("unlimited") || t.equals("-1")) return UNLIMITED;
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a retention time: write a number with a unit "
                    + "(ms, s, m, h, d, w), e.g. 7d or 12h, or forever");
        }
        long value = parseNumber(m.group(1), text);
        long factor = switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            default -> 7L * 86_400_000;
        };
        return positive(multiply(value, factor, text), text, "retention time");
    }

    /**
     * A size as operators write it ({@code 10G}, {@code 512MiB}, {@code 4096}, {@code unlimited}) in bytes;
     * K, M, G and T are binary multiples.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static long parseBytes(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("unlimited") || t.equals("forever") || t.equals("-1")) return UNLIMITED;
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a size: write a number of bytes, optionally "
                    + "with K, M, G or T (binary multiples), e.g. 10G or 512M, or unlimited");
        }
        long value = parseNumber(m.group(1), text);
        long factor = switch (m.group(2).isEmpty() ? ' ' : m.group(2).charAt(0)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> 1;
        };
        return positive(multiply(value, factor, text), text, "size");
    }

    /** Milliseconds in the largest unit that says them exactly ({@code 30d}, {@code 90m}), or {@code forever}. */
    public static String formatMillis(long millis) {
        if (millis < 0) return "forever";
        for (int i = 0; i < DURATION_FACTORS.length; i++) {
            if (millis % DURATION_FACTORS[i] == 0) return millis / DURATION_FACTORS[i] + DURATION_UNITS[i];
        }
        return millis + "ms";
    }

    /** Bytes in the largest binary unit that says them exactly ({@code 10G}, {@code 1536K}), or {@code unlimited}. */
    public static String formatBytes(long bytes) {
        if (bytes < 0) return "unlimited";
        for (int i = 0; i < SIZE_FACTORS.length; i++) {
            if (bytes >= SIZE_FACTORS[i] && bytes % SIZE_FACTORS[i] == 0) return bytes / SIZE_FACTORS[i] + SIZE_UNITS[i];
        }
        return Long.toString(bytes);
    }

    private static long parseNumber(String digits, String text) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" is too large", e);
        }
    }

    private static long multiply(long value, long factor, String text) {
        try {
            return Math.multiplyExact(value, factor);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("\"" + text + "\" is too large", e);
        }
    }

    private static long positive(long value, String text, String what) {
        if (value <= 0) throw new IllegalArgumentException("a " + what + " of \"" + text + "\" would keep nothing: use a positive value");
        return value;
    }
}
