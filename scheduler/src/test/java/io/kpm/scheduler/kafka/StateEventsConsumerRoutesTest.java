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
        String many = config.getProperty("mp.messaging.incoming." + channel + ".topics");
        String one = config.getProperty("mp.messaging.incoming." + channel + ".topic");
        return new HashSet<>(Arrays.stream((many != null ? many : one).split(",")).map(String::trim).toList());
    }

    private static Properties config() throws IOException {
        Properties config = new Properties();
        try (InputStream in = StateEventsConsumer.class.getResourceAsStream("/application.properties")) {
            config.load(in);
        }
        return config;
    }
}
