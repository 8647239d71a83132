package io.kpm.cli.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

import io.kpm.cli.CliFailure;
import io.kpm.cli.KafkaSettings;
import io.kpm.schemas.Topics;

/**
 * kpm's topics on a Kafka cluster, through Kafka's Admin API: what they are set to and how big they are, and
 * changing their retention on the live topic. Every failure becomes a {@link CliFailure} naming the cluster.
 */
public final class KafkaTopics implements AutoCloseable {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final String bootstrap;
    private final Duration timeout;
    private final Admin admin;

    KafkaTopics(String bootstrap, Duration timeout) {
        this.bootstrap = bootstrap;
        this.timeout = timeout;
        int millis = (int) timeout.toMillis();
        try {
            Map<String, Object> settings = KafkaSettings.forBootstrap(bootstrap);
            settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
            settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
            this.admin = Admin.create(settings);
        } catch (KafkaException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new CliFailure(CliFailure.USAGE, "cannot use \"" + bootstrap + "\" as a Kafka address (HOST:PORT): "
                    + cause.getMessage());
        }
    }

    public static KafkaTopics connect(String bootstrap) {
        return new KafkaTopics(bootstrap, DEFAULT_TIMEOUT);
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** Every kpm topic, in the order of {@link Topics#ALL}, as the cluster has it. */
    public List<TopicState> describe() {
        Set<String> existing = await(admin.listTopics().names());
        List<String> names = Topics.ALL.stream().map(Topics.TopicSpec::name).filter(existing::contains).toList();
        Map<String, TopicDescription> descriptions = names.isEmpty() ? Map.of()
                : await(admin.describeTopics(names).allTopicNames());
        Map<ConfigResource, Config> configs = names.isEmpty() ? Map.of()
                : await(admin.describeConfigs(names.stream().map(KafkaTopics::resource).toList()).all());
        Map<String, Long> sizes = sizes(names);
        List<TopicState> states = new ArrayList<>();
        for (Topics.TopicSpec spec : Topics.ALL) {
            if (!existing.contains(spec.name())) {
                states.add(TopicState.missing(spec));
                continue;
            }
            Config config = configs.get(resource(spec.name()));
            states.add(new TopicState(spec, true, descriptions.get(spec.name()).partitions().size(),
                    value(config, TopicConfig.CLEANUP_POLICY_CONFIG),
                    number(config, TopicConfig.RETENTION_MS_CONFIG),
                    number(config, TopicConfig.RETENTION_BYTES_CONFIG),
                    sizes.get(spec.name())));
        }
        return states;
    }

    /** One kpm topic as the cluster has it. */
    public TopicState describe(String topic) {
        return describe().stream().filter(t -> t.name().equals(topic)).findFirst().orElseThrow();
    }

    /** Applies these config changes to the live topic (only the keys named; others keep their values). */
    public void alter(String topic, Collection<AlterConfigOp> changes) {
        await(admin.incrementalAlterConfigs(Map.of(resource(topic), changes)).all());
    }

    /**
     * Bytes on disk per topic, summed over partitions and replicas of every broker. A cluster that does not let us
     * ask (authorization) or a broker that does not answer leaves the sizes unknown rather than failing the list.
     */
    private Map<String, Long> sizes(List<String> topics) {
        Map<String, Long> sizes = new HashMap<>();
        if (topics.isEmpty()) return sizes;
        try {
            List<Integer> brokers = await(admin.describeCluster().nodes()).stream().map(Node::id).toList();
            Map<Integer, Map<String, LogDirDescription>> dirs = await(admin.describeLogDirs(brokers).allDescriptions());
            for (Map<String, LogDirDescription> byDir : dirs.values()) {
                for (LogDirDescription dir : byDir.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                        String topic = replica.getKey().topic();
                        if (topics.contains(topic)) sizes.merge(topic, replica.getValue().size(), Long::sum);
                    }
                }
            }
            for (String topic : topics) sizes.putIfAbsent(topic, 0L);
        } catch (CliFailure e) {
            sizes.clear();
        }
        return sizes;
    }

    private static ConfigResource resource(String topic) {
        return new ConfigResource(ConfigResource.Type.TOPIC, topic);
    }

    private static String value(Config config, String key) {
        ConfigEntry entry = config == null ? null : config.get(key);
        return entry == null ? null : entry.value();
    }

    private static long number(Config config, String key) {
        String value = value(config, key);
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted while talking to Kafka at " + bootstrap);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) throw unreachable(cause);
            throw new CliFailure("Kafka at " + bootstrap + " refused: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw unreachable(e);
        }
    }

    private CliFailure unreachable(Throwable cause) {
        return new CliFailure("cannot reach Kafka at " + bootstrap + " (no answer within " + timeout.toSeconds()
                + " s): is it running? Start kpm's stack with `kpm up`, or name the cluster with --bootstrap "
                + "HOST:PORT or KPM_BOOTSTRAP", cause);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
