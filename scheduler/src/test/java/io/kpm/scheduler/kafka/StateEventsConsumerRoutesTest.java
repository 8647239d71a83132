package io.kpm.scheduler.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.kpm.schemas.Topics;

/**
 * Contract guard: the scheduler's incoming channels read exactly the topics some handler takes, each once —
 * spawn requests on their own channel (its group is the leadership), process and node events on
 * {@link StateEventsConsumer}, whose routes cover its subscription.
 */
class StateEventsConsumerRoutesTest {

    @Test
    void theStateChannelReadsExactlyTheRoutedTopics() throws IOException {
        StateEventsConsumer consumer = new StateEventsConsumer();
        consumer.route();
        assertEquals(consumer.routedTopics(), topicsOf(config(), "state-in"));
    }

    @Test
    void spawnRequestsKeepTheirOwnChannelAndNoTopicIsReadTwice() throws IOException {
        Properties config = config();
        Set<String> channels = config.stringPropertyNames().stream()
                .filter(k -> k.startsWith("mp.messaging.incoming.") && k.endsWith(".connector"))
                .map(k -> k.substring("mp.messaging.incoming.".length(), k.length() - ".connector".length()))
                .collect(Collectors.toSet());
        assertEquals(Set.of("spawn-requests", "state-in"), channels);
        assertEquals(Set.of(Topics.SPAWN_REQUESTS), topicsOf(config, "spawn-requests"));
    }

    private static Set<String> topicsOf(Properties config, String channel) {
        // assigned partitions (topic:partition:offset), or subscribed topics
        String assigned = config.getProperty("mp.messaging.incoming." + channel + ".assign-seek");
        String many = config.getProperty("mp.messaging.incoming." + channel + ".topics");
        String one = config.getProperty("mp.messaging.incoming." + channel + ".topic");
        String list = assigned != null ? assigned : many != null ? many : one;
        return new HashSet<>(Arrays.stream(list.split(",")).map(t -> t.trim().split(":")[0]).toList());
    }

    /** An assigned consumer reads only the partitions it names: every assigned topic must have just that one. */
    @Test
    void everyAssignedTopicHasTheOnePartitionItIsAssigned() throws IOException {
        Properties config = config();
        for (String key : config.stringPropertyNames()) {
            if (!key.endsWith(".assign-seek")) continue;
            for (String entry : config.getProperty(key).split(",")) {
                String[] parts = entry.trim().split(":");
                int partitions = Topics.ALL.stream().filter(t -> t.name().equals(parts[0])).findFirst()
                        .orElseThrow(() -> new AssertionError("not a kpm topic: " + parts[0])).partitions();
                assertEquals(1, partitions, parts[0] + " has " + partitions + " partitions; " + key + " reads one");
                assertEquals("0", parts[1], entry);
            }
        }
    }

    private static Properties config() throws IOException {
        Properties config = new Properties();
        try (InputStream in = StateEventsConsumer.class.getResourceAsStream("/application.properties")) {
            config.load(in);
        }
        return config;
    }
}
