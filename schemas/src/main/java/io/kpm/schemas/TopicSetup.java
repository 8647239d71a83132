package io.kpm.schemas;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates kpm's topics with their partition counts, cleanup policies and retention if they do not exist yet.
 * Every service calls it on start, so that no topic is ever auto-created with the broker's defaults (which would
 * give {@code kpm.launch} one partition, leave {@code kpm.nodes} uncompacted and delete the job history after
 * the broker's retention, 7 days by default). Whoever creates a topic first decides its settings; a topic that
 * exists is left as it is.
 */
public final class TopicSetup {

    private TopicSetup() {
    }

    /** The configs a topic is created with. */
    public static Map<String, String> configsOf(Topics.TopicSpec topic) {
        if (topic.compacted()) return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        Map<String, String> configs = new HashMap<>(topic.retention().topicConfigs());
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        return configs;
    }

    /**
     * On a replicated cluster a write counts once a majority of the replicas have it ({@code acks=all} with
     * {@code min.insync.replicas} a majority): losing any minority of brokers loses no acknowledged event, and
     * with fewer replicas in sync Kafka refuses writes instead of risking them. With one replica it is 1.
     */
    public static Map<String, String> withDurability(Map<String, String> configs, short replicationFactor) {
        Map<String, String> all = new HashMap<>(configs);
        all.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInSync(replicationFactor)));
        return all;
    }

    public static int minInSync(short replicationFactor) {
        return replicationFactor <= 1 ? 1 : replicationFactor / 2 + 1;
    }

    /**
     * A created topic reaches the broker's metadata a moment after the controller acknowledged it; a service that
     * subscribed in that moment would see no partitions. So return only once every topic is listed.
     */
    private static void awaitVisible(Admin admin, List<Topics.TopicSpec> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Set<String> listed = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> absent = topics.stream().map(Topics.TopicSpec::name).filter(n -> !listed.contains(n)).toList();
            if (absent.isEmpty()) return;
            if (System.nanoTime() > deadline) throw new TimeoutException("topics created but not listed: " + absent);
            Thread.sleep(50);
        }
    }

    /** Creates the missing topics with kpm's default retention. */
    public static void ensureTopics(String bootstrapServers, short replicationFactor) {
        ensureTopics(bootstrapServers, replicationFactor, RetentionOverrides.NONE);
    }

    /** Creates the missing topics, with the operator's retention where {@code overrides} names one. */
    public static void ensureTopics(String bootstrapServers, short replicationFactor, RetentionOverrides overrides) {
        ensureTopics(KafkaClientConfig.bootstrap(bootstrapServers), replicationFactor, overrides);
    }

    /** @param kafka the service's shared Kafka client settings (bootstrap and security), see {@link KafkaClientConfig} */
    public static void ensureTopics(Map<String, ?> kafka, short replicationFactor, RetentionOverrides overrides) {
        List<Topics.TopicSpec> topics = overrides.apply(Topics.ALL);
        try (Admin admin = Admin.create(KafkaClientConfig.with(kafka, Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000)))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), t.partitions(), replicationFactor)
                            .configs(withDurability(configsOf(t), replicationFactor)))
                    .toList();
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // another service created it at the same moment: that is the outcome we wanted
                    if (!(e.getCause() instanceof TopicExistsException)) throw e;
                }
            }
            awaitVisible(admin, topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating kpm topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create kpm topics on Kafka at " + kafka.get("bootstrap.servers")
                    + " (is the broker running and reachable?): " + e.getMessage(), e);
        }
    }
}
