package io.kpm.gateway.pmi.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.gateway.TestEvents;
import io.kpm.gateway.pmi.group.ProcessGroups;
import io.kpm.schemas.events.JobFinished;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A spawning rank learns over plain PMI that the group it spawned ended, with its exit code (docs/pmix-spawn.md). */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ChildEndedOverPmiTest {

    @Inject
    PmiServer server;

    @Inject
    ProcessGroups groups;

    @Test
    void theSpawnersKvsSaysWhenItsChildEnded() throws Exception {
        PmiGroupsFixture fixture = new PmiGroupsFixture(server, groups);
        PmiServerTest.Group parent = fixture.group(2, null, Map.of());
        PmiServerTest.Group child = fixture.group(1, parent.pgid(), Map.of());
        String key = "kpm-ended-" + child.kvsname();
        try (PmiTestClient rank = fixture.connect()) {
            PmiGroupsFixture.mpichInit(rank, parent, 0);
            String get = "cmd=get kvsname=" + parent.kvsname() + " key=" + key;
            assertEquals("cmd=get_result rc=-1 msg=key_" + key + "_not_found value=unknown", rank.ask(get),
                    "nothing while the child runs");
            TopicReader.publish(TestEvents.bootstrap(), new JobFinished(TestEvents.meta(), child.pgid(), 3, List.of()));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertEquals("cmd=get_result rc=0 msg=success value=FINISHED,3", rank.ask(get)));
        }
    }
}
