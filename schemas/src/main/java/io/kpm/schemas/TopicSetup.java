package io.kpm.schemas;

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
 * Creates kpm's topics with their partition counts and cleanup policies if they do not exist yet. Every
 * service calls it on start, so that no topic is ever auto-created with the broker's defaults (which would
 * give {@code kpm.launch} one partition and leave {@code kpm.nodes} uncompacted).
 */
public final class TopicSetup {

    private TopicSetup() {
    }

    /**
     * A created topic reaches the broker's metadata a moment after the controller acknowledged it; a service that
     * subscribed in that moment would see no partitions. So return only once every topic is listed.
     */
    private static void awaitVisible(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Set<String> listed = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> absent = Topics.ALL.stream().map(Topics.TopicSpec::name).filter(n -> !listed.contains(n)).toList();
            if (absent.isEmpty()) return;
            if (System.nanoTime() > deadline) throw new TimeoutException("topics created but not listed: " + absent);
            Thread.sleep(50);
        }
    }

    public static void ensureTopics(String bootstrapServers, short replicationFactor) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.ALL.stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), t.partitions(), replicationFactor)
                            .configs(t.compacted()
                                    ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                                    : Map.of()))
                    .toList();
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // another service created it at the same moment: that is the outcome we wanted
                    if (!(e.getCause() instanceof TopicExistsException)) throw e;
                }
            }
            awaitVisible(admin);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating kpm topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create kpm topics on Kafka at " + bootstrapServers
                    + " (is the broker running and reachable?): " + e.getMessage(), e);
        }
    }
}
