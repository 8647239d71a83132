package io.kpm.nodeagent.health;

import jakarta.inject.Inject;
import io.smallrye.common.annotation.Identifier;
import io.kpm.schemas.KafkaClientConfig;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Asks the Kafka cluster to describe itself: reachable when it answers within a few seconds. */
@Singleton
public class KafkaReachability {

    private static final int TIMEOUT_MS = 3000;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** Quarkus' kafka.* settings: bootstrap and, on a secured cluster, security.protocol, sasl.*, ssl.*. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private Admin admin;

    public HealthCheck check() {
        try {
            int brokers = admin().describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS))
                    .nodes().get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS).size();
            return HealthCheck.of("kafka", true, Map.of("bootstrap", bootstrapServers, "brokers", brokers));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthCheck.of("kafka", false, Map.of("bootstrap", bootstrapServers, "error", "interrupted"));
        } catch (Exception e) {
            String why = e.getCause() != null ? e.getCause().getMessage() : String.valueOf(e.getMessage());
            return HealthCheck.of("kafka", false, Map.of("bootstrap", bootstrapServers, "error", String.valueOf(why)));
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(KafkaClientConfig.with(kafka, Map.of(
                    AdminClientConfig.CLIENT_ID_CONFIG, "kpm-agent-health",
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS)));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) admin.close();
    }
}
