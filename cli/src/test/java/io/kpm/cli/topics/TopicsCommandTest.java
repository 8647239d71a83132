package io.kpm.cli.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.kpm.broker.EmbeddedKafka;
import io.kpm.broker.TopicReader;
import io.kpm.cli.Kpm;
import io.kpm.schemas.RetentionOverrides;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.JobRunning;
import io.kpm.schemas.events.Producer;
import picocli.CommandLine;

/** {@code kpm topics} and {@code kpm topics set} against a real broker whose topics were created with overrides. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopicsCommandTest {

    private static EmbeddedKafka broker;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final StringWriter cliErr = new StringWriter();
    private PrintStream realOut;

    @BeforeAll
    static void startBroker() {
        // what `kpm up --retention kpm.launch=3d --retention-bytes kpm.pmi.audit=512M` hands to the broker
        broker = EmbeddedKafka.temporary()
                .withRetention(RetentionOverrides.parse("kpm.launch=3d", "kpm.pmi.audit=512M"))
                .start();
        TopicReader.publish(broker.bootstrapServers(), new JobRunning(EventMeta.now(new Producer("test", "t")), 1));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) broker.close();
    }

    @BeforeEach
    void capture() {
        realOut = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(realOut);
    }

    private int kpm(String... args) {
        CommandLine cli = Kpm.commandLine();
        cli.setErr(new PrintWriter(cliErr, true));
        return cli.execute(args);
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private static String row(String table, String topic) {
        return table.lines().filter(l -> l.startsWith(topic + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + topic + " in\n" + table));
    }

    private static List<String> cells(String row) {
        return List.of(row.trim().split("\\s{2,}"));
    }

    private static Config config(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        }
    }

    @Test
    @Order(1)
    void listsEveryKpmTopicWithItsRetentionAndSize() {
        assertEquals(0, kpm("topics", "--bootstrap", broker.bootstrapServers()), cliErr.toString());
        String table = out();
        assertTrue(table.startsWith("TOPIC "), table);
        assertEquals(List.of("kpm.jobs", "1", "delete", "forever", "unlimited"), cells(row(table, Topics.JOBS)).subList(0, 5));
        assertTrue(cells(row(table, Topics.JOBS)).get(5).matches("\\d+(\\.\\d)? (B|KiB)"), row(table, Topics.JOBS));
        // created with the overrides, and DEFAULT still says what kpm would have chosen
        assertEquals(List.of("kpm.launch", "16", "delete", "3d", "unlimited"), cells(row(table, Topics.LAUNCH)).subList(0, 5));
        assertTrue(row(table, Topics.LAUNCH).endsWith("7d, unlimited"), row(table, Topics.LAUNCH));
        assertEquals(List.of("kpm.pmi.audit", "1", "delete", "30d", "512M"), cells(row(table, Topics.PMI_AUDIT)).subList(0, 5));
        assertEquals(List.of("kpm.proc.output", "1", "delete", "30d", "10G"), cells(row(table, Topics.PROC_OUTPUT)).subList(0, 5));
        assertEquals(List.of("kpm.nodes", "1", "compact", "last per key", "-"), cells(row(table, Topics.NODES)).subList(0, 5));
        for (Topics.TopicSpec spec : Topics.ALL) row(table, spec.name());
        assertTrue(table.contains("on Kafka at " + broker.bootstrapServers()), table);
    }

    @Test
    @Order(2)
    void setChangesTheLiveTopicAndRollsSegmentsSoThatItTakesEffect() throws Exception {
        assertEquals(0, kpm("topics", "set", "kpm.proc.output", "retention=7d", "retention-bytes=2G",
                "--bootstrap", broker.bootstrapServers()), cliErr.toString());
        assertEquals("kpm.proc.output keeps 7d, 2G per partition (was 30d, 10G per partition)\n", out());
        Config config = config(Topics.PROC_OUTPUT);
        assertEquals(Long.toString(7L * 86_400_000), config.get("retention.ms").value());
        assertEquals(Long.toString(2L << 30), config.get("retention.bytes").value());
        assertEquals(Long.toString(86_400_000), config.get("segment.ms").value());

        stdout.reset();
        // --bootstrap given to `kpm topics` serves its subcommand too
        assertEquals(0, kpm("topics", "--bootstrap", broker.bootstrapServers(), "set", "kpm.proc.output", "forever"),
                cliErr.toString());
        assertEquals("kpm.proc.output keeps forever, unlimited per partition (was 7d, 2G per partition)\n", out());
        config = config(Topics.PROC_OUTPUT);
        assertEquals("-1", config.get("retention.ms").value());
        assertEquals("-1", config.get("retention.bytes").value());
        assertFalse(config.get("segment.ms").source() == org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG,
                "back to the broker's segment roll");
    }

    @Test
    @Order(3)
    void badRequestsAreRefusedNamingTheProblemBeforeTouchingKafka() {
        String bootstrap = broker.bootstrapServers();
        assertEquals(2, kpm("topics", "set", "kpm.nope", "retention=7d", "--bootstrap", bootstrap));
        assertTrue(cliErr.toString().contains("kpm topics set: \"kpm.nope\" is not a kpm topic (kpm's topics: kpm.spawn.requests"), cliErr.toString());
        assertEquals(2, kpm("topics", "set", "kpm.nodes", "retention=7d", "--bootstrap", bootstrap));
        assertTrue(cliErr.toString().contains("kpm.nodes is compacted"), cliErr.toString());
        assertEquals(2, kpm("topics", "set", "kpm.launch", "retention=7y", "--bootstrap", bootstrap));
        assertTrue(cliErr.toString().contains("\"7y\" is not a retention time"), cliErr.toString());
        assertEquals(2, kpm("topics", "set", "kpm.launch", "--bootstrap", bootstrap));
        assertTrue(cliErr.toString().contains("say what to set"), cliErr.toString());
        assertEquals(2, kpm("topics", "set", "kpm.launch", "keep=7d", "--bootstrap", bootstrap));
        assertTrue(cliErr.toString().contains("unknown setting \"keep=7d\""), cliErr.toString());
    }

    @Test
    @Order(4)
    void upRefusesARetentionItCannotUseBeforeStartingAnything() throws Exception {
        java.nio.file.Path stateDir = java.nio.file.Files.createTempDirectory("kpm-up-retention-");
        assertEquals(2, kpm("up", "--retention", "kpm.nope=3d", "--state-dir", stateDir.toString()));
        assertTrue(cliErr.toString().contains("kpm up: --retention: \"kpm.nope\" is not a kpm topic"), cliErr.toString());
        assertEquals(2, kpm("up", "--retention-bytes", "kpm.proc.output=lots", "--state-dir", stateDir.toString()));
        assertTrue(cliErr.toString().contains("kpm up: --retention-bytes: kpm.proc.output: \"lots\" is not a size"),
                cliErr.toString());
        try (var files = java.nio.file.Files.list(stateDir)) {
            assertEquals(0, files.count(), "nothing started, nothing written");
        }
    }

    @Test
    @Order(4)
    void anUnreachableBrokerIsSaidPlainly() {
        String nobody = "127.0.0.1:" + EmbeddedKafka.freePort();
        assertEquals(1, kpm("topics", "--bootstrap", nobody));
        assertTrue(cliErr.toString().contains("kpm topics: cannot reach Kafka at " + nobody), cliErr.toString());
    }

    @Test
    @Order(5)
    void aTopicNotCreatedYetIsListedAsSuchAndCannotBeSet() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.deleteTopics(List.of(Topics.PMI_AUDIT)).all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(Topics.PMI_AUDIT)
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        assertEquals(0, kpm("topics", "--bootstrap", broker.bootstrapServers()), cliErr.toString());
        assertTrue(row(out(), Topics.PMI_AUDIT).contains("not created yet"), out());
        assertEquals(1, kpm("topics", "set", "kpm.pmi.audit", "retention=1d", "--bootstrap", broker.bootstrapServers()));
        assertTrue(cliErr.toString().contains("kpm.pmi.audit does not exist on Kafka at " + broker.bootstrapServers()),
                cliErr.toString());
    }
}
