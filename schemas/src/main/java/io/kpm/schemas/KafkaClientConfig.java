package io.kpm.schemas;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The settings every Kafka client of a service shares, then the client's own. In the services the shared ones are
 * Quarkus' {@code kafka.*} configuration (the {@code default-kafka-broker} map: bootstrap servers, and the
 * security settings {@code security.protocol}, {@code sasl.*}, {@code ssl.*} of a secured cluster), so a client a
 * service builds by hand connects exactly as its messaging channels do.
 */
public final class KafkaClientConfig {

    private KafkaClientConfig() {
    }

    /** Just a bootstrap address: the embedded broker and tests. */
    public static Map<String, Object> bootstrap(String servers) {
        return Map.of("bootstrap.servers", servers);
    }

    /** The shared settings with the client's own on top. */
    public static Map<String, Object> with(Map<String, ?> shared, Map<String, ?> own) {
        Map<String, Object> all = new HashMap<>(shared);
        all.putAll(own);
        return all;
    }

    public static Properties properties(Map<String, ?> shared, Map<String, ?> own) {
        Properties p = new Properties();
        p.putAll(with(shared, own));
        return p;
    }
}
