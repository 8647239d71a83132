package io.kpm.gateway.kafka;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.kpm.gateway.GatewayConfig;
import io.kpm.schemas.RetentionOverrides;
import io.kpm.schemas.TopicSetup;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates kpm's topics before the messaging channels start (they start at priority 1000) and records how far
 * the consumers must read before the gateway's views include everything that happened before it started.
 */
@ApplicationScoped
public class TopicBootstrap {

    private static final Logger LOG = Logger.getLogger(TopicBootstrap.class);

    @Inject
    KafkaAdmin admin;

    @Inject
    CatchUp catchUp;

    @Inject
    GatewayConfig config;

    @ConfigProperty(name = RetentionOverrides.RETENTION_KEY)
    Optional<String> retention;

    @ConfigProperty(name = RetentionOverrides.RETENTION_BYTES_KEY)
    Optional<String> retentionBytes;

    void onStart(@Observes @Priority(900) StartupEvent event) {
        TopicSetup.ensureTopics(admin.clientConfig(), config.replicationFactor(),
                RetentionOverrides.parse(retention.orElse(null), retentionBytes.orElse(null)));
        try {
            catchUp.setTargets(admin.endOffsets(KafkaAdmin.CONSUMED));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offsets of kpm topics on Kafka at "
                    + admin.bootstrap() + ": " + e.getMessage(), e);
        }
        LOG.infof("kpm topics ready on %s; replaying %s", admin.bootstrap(), KafkaAdmin.CONSUMED);
    }
}
