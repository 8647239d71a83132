package io.kpm.nodeagent.launch;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.utils.Utils;

/**
 * The kpm.launch partition a node's requests land in: the scheduler keys them by nodeId and Kafka's default
 * partitioner places a String key by the murmur2 hash of its UTF-8 bytes. Reading only that partition is what
 * lets an agent ignore other nodes' traffic.
 */
public final class LaunchPartition {

    private LaunchPartition() {
    }

    public static int of(String nodeId, int partitionCount) {
        if (partitionCount < 1) throw new IllegalArgumentException("partition count must be at least 1, got " + partitionCount);
        byte[] keyBytes = nodeId.getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(keyBytes)) % partitionCount;
    }
}
