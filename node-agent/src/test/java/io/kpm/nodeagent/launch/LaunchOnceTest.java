package io.kpm.nodeagent.launch;

import static io.kpm.nodeagent.AgentTestKit.NODE;
import static io.kpm.nodeagent.AgentTestKit.awaitStarted;
import static io.kpm.nodeagent.AgentTestKit.bootstrap;
import static io.kpm.nodeagent.AgentTestKit.launch;
import static io.kpm.nodeagent.AgentTestKit.meta;
import static io.kpm.nodeagent.AgentTestKit.nextPgid;
import static io.kpm.nodeagent.AgentTestKit.procEvents;
import static io.kpm.nodeagent.AgentTestKit.publish;
import static io.kpm.nodeagent.AgentTestKit.shell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.LaunchRequested;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.serde.KpmEventDeserializer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Which requests the agent carries out: only its own node's, each rank at most once, none that are stale.
 * Each test ends with a marker launch on the same partition: once the marker started, the agent has read (and
 * decided on) everything published before it.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class LaunchOnceTest {

    @Test
    void aLaunchForAnotherNodeIsIgnoredEvenOnTheSamePartition() {
        int partitions = Topics.ALL.stream().filter(t -> t.name().equals(Topics.LAUNCH)).findFirst().orElseThrow().partitions();
        String neighbour = IntStream.range(0, 10_000).mapToObj(i -> "elsewhere-" + i)
                .filter(id -> LaunchPartition.of(id, partitions) == LaunchPartition.of(NODE, partitions))
                .findFirst().orElseThrow();
        long theirs = nextPgid();
        publish(launch(neighbour, theirs, 1, false, shell(0, "exit 0")));
        awaitMarker();

        assertEquals(List.of(), procEvents(theirs), "no event for another node's job");
    }

    @Test
    void theSameLaunchRequestedTwiceStartsTheRankOnce() {
        long pgid = nextPgid();
        LaunchRequested request = launch(NODE, pgid, 1, false, shell(0, "echo once"));
        publish(request, request);
        awaitStarted(pgid, 0);
        awaitMarker();

        List<KpmEvent> starts = procEvents(pgid).stream().filter(e -> e instanceof ProcStarted).toList();
        assertEquals(1, starts.size(), "one ProcStarted for the rank: " + starts);
    }

    @Test
    void aLaunchRequestedOlderThanTheMaxAgeIsNotCarriedOut() {
        long pgid = nextPgid();
        EventMeta old = new EventMeta("old-" + pgid, Instant.now().minus(Duration.ofMinutes(5)), meta().producer(),
                EventMeta.SCHEMA_VERSION);
        LaunchRequested fresh = launch(NODE, pgid, 1, false, shell(0, "exit 0"));
        publish(new LaunchRequested(old, fresh.nodeId(), fresh.pgid(), fresh.kvsname(), fresh.size(), fresh.spawned(),
                fresh.pmiEndpoint(), fresh.ranks()));
        awaitMarker();

        assertEquals(List.of(), procEvents(pgid), "a stale request gets no event");
    }

    @Test
    void theRequestIsCommittedBeforeTheRankStarts() throws Exception {
        long pgid = nextPgid();
        publish(launch(NODE, pgid, 1, false, shell(0, "exit 0")));
        awaitStarted(pgid, 0);

        KpmEventDeserializer deserializer = new KpmEventDeserializer();
        ConsumerRecord<String, byte[]> record = TopicReader.readAllRecords(bootstrap(), Topics.LAUNCH).stream()
                .filter(r -> deserializer.deserialize(Topics.LAUNCH, r.value()) instanceof LaunchRequested l && l.pgid() == pgid)
                .findFirst().orElseThrow();
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets("kpm-agent-" + NODE)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .get(new TopicPartition(Topics.LAUNCH, record.partition()));
            assertTrue(committed != null && committed.offset() > record.offset(),
                    "a restarted agent resumes after the request it carried out: committed " + committed
                            + ", request at offset " + record.offset());
        }
    }

    private static void awaitMarker() {
        long marker = nextPgid();
        publish(launch(NODE, marker, 1, false, shell(0, "exit 0")));
        awaitStarted(marker, 0);
    }
}
