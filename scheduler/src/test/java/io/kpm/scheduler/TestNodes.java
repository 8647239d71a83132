package io.kpm.scheduler;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.NodeHeartbeat;
import io.kpm.schemas.events.NodeLeft;
import io.kpm.schemas.events.NodeRegistered;
import io.kpm.schemas.serde.KpmEventSerializer;

/** Pretend node agents: register on kpm.nodes and heartbeat until closed, then leave. */
public final class TestNodes implements AutoCloseable {

    private final List<String> nodeIds;
    private final int cores;
    private final KafkaProducer<String, KpmEvent> producer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    private TestNodes(String bootstrap, int cores, List<String> nodeIds) {
        this.nodeIds = nodeIds;
        this.cores = cores;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KpmEventSerializer.class);
        producer = new KafkaProducer<>(p);
    }

    public static TestNodes start(String bootstrap, int cores, String... nodeIds) {
        TestNodes nodes = new TestNodes(bootstrap, cores, List.of(nodeIds));
        for (String id : nodeIds) {
            nodes.send(new NodeRegistered(TestKafka.meta(), id, "host-" + id, cores, "http://127.0.0.1:1"));
        }
        nodes.timer.scheduleAtFixedRate(nodes::heartbeat, 500, 500, TimeUnit.MILLISECONDS);
        return nodes;
    }

    private void heartbeat() {
        for (String id : nodeIds) send(new NodeHeartbeat(TestKafka.meta(), id, "host-" + id, cores, 0));
    }

    private void send(KpmEvent event) {
        try {
            producer.send(new ProducerRecord<>(event.topic(), event.kafkaKey(), event)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish " + event.typeName(), e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        for (String id : nodeIds) send(new NodeLeft(TestKafka.meta(), id, "shutdown"));
        producer.close(Duration.ofSeconds(5));
    }
}
