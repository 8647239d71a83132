package io.kpm.nodeagent.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class LaunchPartitionTest {

    @Test
    void sameAsTheProducersPartitionerForAStringKey() {
        for (String nodeId : new String[] { "node-0", "node-1", "node-10", "test-node", "hpc-r17c3.example.org", "ü-node" }) {
            for (int partitions : new int[] { 1, 3, 16, 100 }) {
                assertEquals(BuiltInPartitioner.partitionForKey(nodeId.getBytes(StandardCharsets.UTF_8), partitions),
                        LaunchPartition.of(nodeId, partitions), nodeId + " over " + partitions);
            }
        }
    }

    @Test
    void needsPartitions() {
        assertThrows(IllegalArgumentException.class, () -> LaunchPartition.of("n", 0));
    }
}
