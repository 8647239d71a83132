package io.kpm.cli.topics;

import io.kpm.schemas.Topics;

/**
 * One kpm topic as the broker has it: partitions, cleanup policy, retention time and size per partition
 * ({@code -1}: no limit) and the bytes its partitions take on the brokers' disks ({@code null}: not known, e.g.
 * not allowed to ask). {@code exists} false: kpm's services have not created it yet, the other fields are empty.
 */
public record TopicState(Topics.TopicSpec spec, boolean exists, int partitions, String cleanupPolicy, long retentionMs,
                         long retentionBytes, Long sizeBytes) {

    public static TopicState missing(Topics.TopicSpec spec) {
        return new TopicState(spec, false, 0, null, 0, 0, null);
    }

    public String name() {
        return spec.name();
    }

    public boolean compacted() {
        return cleanupPolicy != null && cleanupPolicy.contains("compact") && !cleanupPolicy.contains("delete");
    }
}
