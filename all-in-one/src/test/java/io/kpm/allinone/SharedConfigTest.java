package io.kpm.allinone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * In one JVM the three services' application.properties are all read, at the same ordinal: a key two of them set
 * differently would get either value. Every such key must be decided by all-in-one's own file, which is read
 * above them.
 */
class SharedConfigTest {

    private static final String OWN_MARKER = "quarkus.index-dependency.scheduler.artifact-id";

    @Test
    void everyKeyTheServicesSetDifferentlyIsDecidedHere() throws IOException {
        Properties own = null;
        List<Properties> services = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("application.properties"))) {
            Properties properties = load(url);
            if (properties.containsKey(OWN_MARKER)) own = properties;
            else services.add(properties);
        }
        assertTrue(own != null, "all-in-one's application.properties is on the class path");
        Properties decided = own;
        assertEquals(3, services.size(), "the scheduler's, the gateway's and the node agent's");
        assertTrue(Integer.parseInt(own.getProperty("config_ordinal")) > 250,
                "read above the services' files (application.properties: 250)");

        Map<String, TreeSet<String>> values = new TreeMap<>();
        for (Properties service : services) {
            service.stringPropertyNames().forEach(key -> values.computeIfAbsent(key, k -> new TreeSet<>())
                    .add(service.getProperty(key)));
        }
        List<String> undecided = values.entrySet().stream()
                .filter(e -> e.getValue().size() > 1 && !decided.containsKey(e.getKey()))
                .map(e -> e.getKey() + " " + e.getValue())
                .toList();
        assertEquals(List.of(), undecided, "set differently by the services and not decided by all-in-one");
    }

    private static Properties load(URL url) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = url.openStream()) {
            properties.load(in);
        }
        return properties;
    }
}
