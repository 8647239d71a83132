package io.kpm.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.kpm.schemas.Topics;

class EmbeddedKafkaTest {

    @Test
    void startsCreatesKpmTopicsAndKeepsDataAcrossRestart() throws Exception {
        Path dir = Files.createTempDirectory("kpm-broker-test-");
        int port = EmbeddedKafka.freePort();
        int controllerPort = EmbeddedKafka.freePort();
        try (EmbeddedKafka broker = new EmbeddedKafka(port, controllerPort, dir, false).start()) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                for (Topics.TopicSpec spec : Topics.ALL) assertTrue(names.contains(spec.name()), spec.name());
                TopicDescription launch = admin.describeTopics(List.of(Topics.LAUNCH)).allTopicNames()
                        .get(30, TimeUnit.SECONDS).get(Topics.LAUNCH);
                assertEquals(16, launch.partitions().size());
                ConfigResource nodes = new ConfigResource(ConfigResource.Type.TOPIC, Topics.NODES);
                String policy = admin.describeConfigs(List.of(nodes)).all().get(30, TimeUnit.SECONDS)
                        .get(nodes).get("cleanup.policy").value();
                assertEquals("compact", policy);
                // the job history is kept for good, the output as long as kpm's default says
                for (Topics.TopicSpec spec : Topics.ALL) {
                    if (spec.compacted()) continue;
                    ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
                    var config = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);
                    assertEquals(Long.toString(spec.retention().millis()), config.get("retention.ms").value(), spec.name());
                    assertEquals(Long.toString(spec.retention().bytes()), config.get("retention.bytes").value(), spec.name());
                }
            }
            try (var producer = new KafkaProducer<String, String>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                producer.send(new ProducerRecord<>(Topics.JOBS, "0", "kept")).get(30, TimeUnit.SECONDS);
            }
        }
        try (EmbeddedKafka again = new EmbeddedKafka(port, controllerPort, dir, true).start();
             var consumer = new KafkaConsumer<String, String>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, again.bootstrapServers(),
                     ConsumerConfig.GROUP_ID_CONFIG, "restart-test",
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                     ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                     ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(Topics.JOBS));
            String value = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (value == null && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                for (var r : records) value = r.value();
            }
            assertEquals("kept", value);
        }
    }
}
