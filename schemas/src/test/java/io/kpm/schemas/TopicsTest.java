package io.kpm.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TopicsTest {

    private static Topics.TopicSpec spec(List<Topics.TopicSpec> topics, String name) {
        return topics.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theJobHistoryIsKeptForGoodAndOutputAndAuditAreBounded() {
        for (String history : List.of(Topics.JOBS, Topics.PROC_EVENTS, Topics.SPAWN_REQUESTS, Topics.SPAWN_RESULTS)) {
            assertEquals(Retention.FOREVER, spec(Topics.ALL, history).retention(), history);
            assertEquals("-1", TopicSetup.configsOf(spec(Topics.ALL, history)).get("retention.ms"), history);
        }
        assertEquals(7L * 86_400_000, spec(Topics.ALL, Topics.LAUNCH).retention().millis());
        assertTrue(spec(Topics.ALL, Topics.PROC_OUTPUT).retention().millis() > 0);
        assertTrue(spec(Topics.ALL, Topics.PROC_OUTPUT).retention().bytes() > 0);
        assertTrue(spec(Topics.ALL, Topics.PMI_AUDIT).retention().millis() > 0);
        assertEquals(spec(Topics.ALL, Topics.LAUNCH).partitions(), spec(Topics.ALL, Topics.PROC_INPUT).partitions(),
                "stdin is keyed by node as launches are");
        assertTrue(spec(Topics.ALL, Topics.PROC_INPUT).retention().bytes() > 0);
        assertEquals(Map.of("cleanup.policy", "compact"), TopicSetup.configsOf(spec(Topics.ALL, Topics.NODES)));
    }

    @Test
    void overridesReplaceTheDefaultsOfTheTopicsTheyName() {
        RetentionOverrides overrides = RetentionOverrides.parse("kpm.proc.output=3d, kpm.pmi.audit=forever",
                "kpm.proc.output=2G");
        List<Topics.TopicSpec> topics = overrides.apply(Topics.ALL);
        assertEquals(new Retention(3L * 86_400_000, 2L << 30), spec(topics, Topics.PROC_OUTPUT).retention());
        assertEquals(Retention.UNLIMITED, spec(topics, Topics.PMI_AUDIT).retention().millis());
        assertEquals(spec(Topics.ALL, Topics.PMI_AUDIT).retention().bytes(), spec(topics, Topics.PMI_AUDIT).retention().bytes());
        assertEquals(spec(Topics.ALL, Topics.LAUNCH), spec(topics, Topics.LAUNCH));
        assertEquals("kpm.proc.output=3d,kpm.pmi.audit=forever", overrides.retentionValue());
        assertEquals("kpm.proc.output=2G", overrides.retentionBytesValue());
        assertEquals(Topics.ALL, RetentionOverrides.parse(null, " ").apply(Topics.ALL));
    }

    @Test
    void badOverridesNameTheKeyAndTheProblem() {
        String unknown = assertThrows(IllegalArgumentException.class,
                () -> RetentionOverrides.parse("kpm.nope=3d", null)).getMessage();
        assertTrue(unknown.contains("kpm.topics.retention") && unknown.contains("kpm.nope") && unknown.contains(Topics.JOBS), unknown);
        String badValue = assertThrows(IllegalArgumentException.class,
                () -> RetentionOverrides.parse(null, "kpm.proc.output=huge")).getMessage();
        assertTrue(badValue.contains("kpm.topics.retention-bytes") && badValue.contains("huge"), badValue);
        String noEquals = assertThrows(IllegalArgumentException.class,
                () -> RetentionOverrides.parse("3d", null)).getMessage();
        assertTrue(noEquals.contains("TOPIC=VALUE"), noEquals);
        String compacted = assertThrows(IllegalArgumentException.class,
                () -> RetentionOverrides.parse("kpm.nodes=3d", null)).getMessage();
        assertTrue(compacted.contains("compacted"), compacted);
    }

    @Test
    void aReplicatedTopicNeedsAMajorityOfItsReplicasInSync() {
        assertEquals(1, TopicSetup.minInSync((short) 1));
        assertEquals(2, TopicSetup.minInSync((short) 2));
        assertEquals(2, TopicSetup.minInSync((short) 3));
        assertEquals(3, TopicSetup.minInSync((short) 5));
        assertEquals("2", TopicSetup.withDurability(Map.of("cleanup.policy", "delete"), (short) 3).get("min.insync.replicas"));
    }
}
