package io.kpm.cli.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.TopicConfig;

import io.kpm.schemas.Retention;

/**
 * What {@code kpm topics set} is asked to change: {@code retention=DURATION}, {@code retention-bytes=SIZE}, or
 * {@code forever} (both unlimited). {@code null} leaves that limit as it is.
 */
record RetentionChange(Long millis, Long bytes) {

    static final String USAGE = "retention=DURATION (e.g. 7d, 12h, forever), retention-bytes=SIZE (per partition, "
            + "e.g. 10G, unlimited) or forever";

    /** @throws IllegalArgumentException naming the setting that is wrong */
    static RetentionChange parse(List<String> settings) {
        if (settings == null || settings.isEmpty()) throw new IllegalArgumentException("say what to set: " + USAGE);
        Long millis = null;
        Long bytes = null;
        for (String setting : settings) {
            String s = setting.strip();
            int eq = s.indexOf('=');
            String key = (eq < 0 ? s : s.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : s.substring(eq + 1);
            switch (key) {
                case "forever" -> {
                    if (value != null) throw new IllegalArgumentException("forever takes no value, got \"" + s + "\"");
                    millis = Retention.UNLIMITED;
                    bytes = Retention.UNLIMITED;
                }
                case "retention", "retention.ms" -> millis = Retention.parseMillis(required(key, value));
                case "retention-bytes", "retention.bytes" -> bytes = Retention.parseBytes(required(key, value));
                default -> throw new IllegalArgumentException("unknown setting \"" + s + "\": use " + USAGE);
            }
        }
        return new RetentionChange(millis, bytes);
    }

    private static String required(String key, String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(key + " needs a value: " + USAGE);
        return value;
    }

    /**
     * The config changes: the limits asked for, and the segment roll that lets a time limit take effect (Kafka
     * deletes whole segments only); an unlimited time goes back to the broker's default roll.
     */
    List<AlterConfigOp> operations() {
        List<AlterConfigOp> ops = new ArrayList<>();
        if (millis != null) {
            ops.add(set(TopicConfig.RETENTION_MS_CONFIG, millis));
            if (millis == Retention.UNLIMITED) {
                ops.add(new AlterConfigOp(new ConfigEntry(TopicConfig.SEGMENT_MS_CONFIG, ""), AlterConfigOp.OpType.DELETE));
            } else {
                ops.add(set(TopicConfig.SEGMENT_MS_CONFIG, Retention.segmentMillisFor(millis)));
            }
        }
        if (bytes != null) ops.add(set(TopicConfig.RETENTION_BYTES_CONFIG, bytes));
        return ops;
    }

    private static AlterConfigOp set(String key, long value) {
        return new AlterConfigOp(new ConfigEntry(key, Long.toString(value)), AlterConfigOp.OpType.SET);
    }
}
