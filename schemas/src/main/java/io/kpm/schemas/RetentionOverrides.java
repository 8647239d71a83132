package io.kpm.schemas;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * Retention an operator chose instead of kpm's defaults for topics kpm has yet to create: the config keys
 * {@value #RETENTION_KEY} and {@value #RETENTION_BYTES_KEY} (every service and the embedded broker read them),
 * each a comma list of {@code topic=value}, e.g. {@code kpm.proc.output=3d,kpm.pmi.audit=forever} and
 * {@code kpm.proc.output=2G}. Only the creation of a topic uses them; a topic that exists keeps what it has
 * ({@code kpm topics set} changes that).
 */
public final class RetentionOverrides {

    public static final String RETENTION_KEY = "kpm.topics.retention";
    public static final String RETENTION_BYTES_KEY = "kpm.topics.retention-bytes";
    public static final RetentionOverrides NONE = new RetentionOverrides(Map.of(), Map.of());

    private final Map<String, Long> millis;
    private final Map<String, Long> bytes;

    private RetentionOverrides(Map<String, Long> millis, Map<String, Long> bytes) {
        this.millis = millis;
        this.bytes = bytes;
    }

    /**
     * @param retention      the value of {@value #RETENTION_KEY}, may be null or blank
     * @param retentionBytes the value of {@value #RETENTION_BYTES_KEY}, may be null or blank
     * @throws IllegalArgumentException naming the key, the entry and what is wrong with it
     */
    public static RetentionOverrides parse(String retention, String retentionBytes) {
        return parse(retention, retentionBytes, RETENTION_KEY, RETENTION_BYTES_KEY);
    }

    /** As {@link #parse(String, String)}, with errors naming where the values came from (e.g. command options). */
    public static RetentionOverrides parse(String retention, String retentionBytes, String retentionSource,
                                           String retentionBytesSource) {
        return new RetentionOverrides(parseList(retentionSource, retention, Retention::parseMillis),
                parseList(retentionBytesSource, retentionBytes, Retention::parseBytes));
    }

    /** Reads both keys from system properties, else the environment ({@code KPM_TOPICS_RETENTION}, ...). */
    public static RetentionOverrides fromSystem() {
        return parse(lookup(RETENTION_KEY), lookup(RETENTION_BYTES_KEY));
    }

    private static String lookup(String key) {
        String property = System.getProperty(key);
        if (property != null) return property;
        return System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }

    public boolean isEmpty() {
        return millis.isEmpty() && bytes.isEmpty();
    }

    /** The retention time chosen for this topic, if one was. */
    public OptionalLong millis(String topic) {
        return millis.containsKey(topic) ? OptionalLong.of(millis.get(topic)) : OptionalLong.empty();
    }

    /** The retention size chosen for this topic, if one was. */
    public OptionalLong bytes(String topic) {
        return bytes.containsKey(topic) ? OptionalLong.of(bytes.get(topic)) : OptionalLong.empty();
    }

    /** kpm's topics with these choices in place of the defaults. */
    public List<Topics.TopicSpec> apply(List<Topics.TopicSpec> topics) {
        List<Topics.TopicSpec> result = new ArrayList<>();
        for (Topics.TopicSpec topic : topics) {
            Retention retention = topic.retention();
            if (millis.containsKey(topic.name())) retention = retention.withMillis(millis.get(topic.name()));
            if (bytes.containsKey(topic.name())) retention = retention.withBytes(bytes.get(topic.name()));
            result.add(topic.withRetention(retention));
        }
        return List.copyOf(result);
    }

    /** The value of {@value #RETENTION_KEY} that says these choices (for passing them on to another process). */
    public String retentionValue() {
        return format(millis, Retention::formatMillis);
    }

    /** The value of {@value #RETENTION_BYTES_KEY} that says these choices. */
    public String retentionBytesValue() {
        return format(bytes, Retention::formatBytes);
    }

    private static String format(Map<String, Long> values, LongFunction<String> text) {
        List<String> entries = new ArrayList<>();
        values.forEach((topic, value) -> entries.add(topic + "=" + text.apply(value)));
        return String.join(",", entries);
    }

    private static Map<String, Long> parseList(String key, String list, ToLongFunction<String> parser) {
        Map<String, Long> values = new LinkedHashMap<>();
        if (list == null || list.isBlank()) return values;
        for (String entry : list.split(",")) {
            if (entry.isBlank()) continue;
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(key + ": \"" + entry.strip() + "\" is not TOPIC=VALUE (e.g. "
                        + Topics.PROC_OUTPUT + "=3d)");
            }
            String topic = entry.substring(0, eq).strip();
            Topics.TopicSpec spec = Topics.find(topic).orElseThrow(() -> new IllegalArgumentException(key
                    + ": \"" + topic + "\" is not a kpm topic (kpm's topics: " + Topics.names() + ")"));
            if (spec.compacted()) {
                throw new IllegalArgumentException(key + ": " + topic + " is compacted (it keeps the last event per "
                        + "key for good); a retention does not apply to it");
            }
            try {
                values.put(topic, parser.applyAsLong(entry.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + topic + ": " + e.getMessage(), e);
            }
        }
        return Collections.unmodifiableMap(values);
    }
}
