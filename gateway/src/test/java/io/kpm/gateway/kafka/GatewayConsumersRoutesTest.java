package io.kpm.gateway.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.kpm.schemas.Topics;

/**
 * Contract guard: every topic the gateway's channels subscribe to has a route in {@link GatewayConsumers}, every
 * route has a channel reading its topic, and no topic is read twice (its events would be applied twice).
 */
class GatewayConsumersRoutesTest {

    @Test
    void everySubscribedTopicHasARouteAndEveryRouteIsSubscribed() throws IOException {
        List<String> subscribed = subscribedTopics();
        GatewayConsumers consumers = new GatewayConsumers();
        consumers.route();

        assertEquals(consumers.routedTopics(), new HashSet<>(subscribed));
        assertEquals(subscribed.size(), new HashSet<>(subscribed).size(), "a topic read by two channels: " + subscribed);
    }

    @Test
    void theGatewayReadsTwoConsumersNotOnePerTopic() throws IOException {
        Properties config = config();
        assertEquals(Set.of("events-in", "streams-in"), channels(config));
        assertTrue(config.getProperty("mp.messaging.incoming.streams-in.assign-seek").contains("kpm.proc.output:"),
                "rank output has its own consumer, away from spawn answers");
    }

    private static List<String> subscribedTopics() throws IOException {
        Properties config = config();
        List<String> topics = new ArrayList<>();
        for (String channel : channels(config)) {
            String prefix = "mp.messaging.incoming." + channel;
            // assigned partitions (topic:partition:offset), or subscribed topics
            String assigned = config.getProperty(prefix + ".assign-seek");
            String many = config.getProperty(prefix + ".topics");
            String list = assigned != null ? assigned : many != null ? many : config.getProperty(prefix + ".topic");
            Arrays.stream(list.split(",")).map(t -> t.trim().split(":")[0]).forEach(topics::add);
        }
        return topics;
    }

    private static Set<String> channels(Properties config) {
        Set<String> channels = new HashSet<>();
        for (String key : config.stringPropertyNames()) {
            if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".connector")) {
                channels.add(key.substring("mp.messaging.incoming.".length(), key.length() - ".connector".length()));
            }
        }
        return channels;
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
        try (InputStream in = GatewayConsumers.class.getResourceAsStream("/application.properties")) {
            config.load(in);
        }
        return config;
    }
}
