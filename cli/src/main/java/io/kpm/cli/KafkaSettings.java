package io.kpm.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The Kafka client settings of the commands that read Kafka themselves ({@code kpm topics}, {@code kpm replay}):
 * the file {@code KPM_KAFKA_CONFIG} names, in Kafka's own client format ({@code security.protocol=SASL_SSL},
 * {@code sasl.jaas.config=…}, {@code ssl.truststore.location=…}), so they reach a secured cluster as the services do.
 */
public final class KafkaSettings {

    public static final String ENV = "KPM_KAFKA_CONFIG";

    private KafkaSettings() {
    }

    /** The settings from {@code KPM_KAFKA_CONFIG} (none when unset), with {@code bootstrap.servers} set to this one. */
    public static Map<String, Object> forBootstrap(String bootstrap) {
        Map<String, Object> all = new HashMap<>();
        String file = System.getenv(ENV);
        if (file != null && !file.isBlank()) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(Path.of(file))) {
                p.load(in);
            } catch (IOException e) {
                throw new CliFailure("cannot read the Kafka client settings in " + file + " (" + ENV + "): " + e.getMessage(), e);
            }
            p.forEach((k, v) -> all.put(k.toString(), v));
        }
        all.put("bootstrap.servers", bootstrap);
        return all;
    }
}
