package io.kpm.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.OutputChunk;
import io.kpm.schemas.events.StdinChunk;
import io.kpm.schemas.serde.EventJson;
import io.kpm.schemas.serde.EventSchemas;
import io.kpm.schemas.serde.KpmEventDeserializer;

class EventSchemasTest {

    @Test
    void everyEventTypeHasASampleAndASchemaFile() {
        Set<String> types = Arrays.stream(KpmEvent.class.getPermittedSubclasses())
                .map(Class::getSimpleName).collect(Collectors.toSet());
        Set<String> sampled = SampleEvents.all().stream().map(KpmEvent::typeName).collect(Collectors.toSet());
        assertEquals(types, sampled);
        for (String type : types) assertNotNull(EventSchemas.schemaOf(type), "schema file for " + type);
    }

    @Test
    void everySampleValidatesAgainstItsSchemaAndRoundTrips() {
        for (KpmEvent event : SampleEvents.all()) {
            String json = EventJson.toJson(event);
            assertEquals(List.of(), EventSchemas.validate(json), event.typeName() + ": " + json);
            KpmEvent back = EventJson.fromJson(json);
            if (event instanceof OutputChunk chunk) {
                OutputChunk backChunk = (OutputChunk) back;
                assertArrayEquals(chunk.data(), backChunk.data());
                assertEquals(chunk.seq(), backChunk.seq());
            } else if (event instanceof StdinChunk chunk) {
                StdinChunk backChunk = (StdinChunk) back;
                assertArrayEquals(chunk.data(), backChunk.data());
                assertEquals(List.of(chunk.nodeId(), chunk.pgid(), chunk.rank(), chunk.seq(), chunk.eof()),
                        List.of(backChunk.nodeId(), backChunk.pgid(), backChunk.rank(), backChunk.seq(), backChunk.eof()));
            } else {
                assertEquals(event, back, event.typeName());
            }
        }
    }

    @Test
    void schemasRejectWhatTheContractForbids() throws Exception {
        String started = EventJson.toJson(SampleEvents.all().stream()
                .filter(e -> e.typeName().equals("ProcStarted")).findFirst().orElseThrow());
        ObjectNode noPid = (ObjectNode) EventJson.mapper().readTree(started);
        noPid.remove("pid");
        assertFalse(EventSchemas.validate(noPid.toString()).isEmpty(), "missing pid");

        ObjectNode badRank = (ObjectNode) EventJson.mapper().readTree(started);
        badRank.put("rank", "zero");
        assertFalse(EventSchemas.validate(badRank.toString()).isEmpty(), "rank as string");

        ObjectNode extra = (ObjectNode) EventJson.mapper().readTree(started);
        extra.put("surprise", 1);
        assertFalse(EventSchemas.validate(extra.toString()).isEmpty(), "unknown property");

        ObjectNode wrongVersion = (ObjectNode) EventJson.mapper().readTree(started);
        ((ObjectNode) wrongVersion.get("meta")).put("schemaVersion", 99);
        assertFalse(EventSchemas.validate(wrongVersion.toString()).isEmpty(), "schema version");

        assertTrue(EventSchemas.validate("{\"type\":\"NoSuchEvent\"}").get(0).contains("no schema file"));
        assertTrue(EventSchemas.validate("not json").get(0).startsWith("not JSON"));
    }

    @Test
    void aMappingThatIsNotMpichsFormatIsRejected() throws Exception {
        String placed = EventJson.toJson(SampleEvents.all().stream()
                .filter(e -> e.typeName().equals("JobPlaced")).findFirst().orElseThrow());
        ObjectNode node = (ObjectNode) EventJson.mapper().readTree(placed);
        node.put("processMapping", "(vector, (0,1,2))");
        assertFalse(EventSchemas.validate(node.toString()).isEmpty());
    }

    @Test
    void unreadableRecordsAreSkippedNotFatal() {
        KpmEventDeserializer deserializer = new KpmEventDeserializer();
        assertEquals(null, deserializer.deserialize("kpm.jobs", "{\"type\":\"Nope\"}".getBytes()));
        assertEquals(null, deserializer.deserialize("kpm.jobs", "garbage".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> EventJson.fromJson("{}"));
    }

    @Test
    void eventsNameTheirTopicAndKeyAsTheTopicTableSays() {
        for (KpmEvent event : SampleEvents.all()) {
            assertTrue(Topics.ALL.stream().anyMatch(t -> t.name().equals(event.topic())), event.typeName());
            assertNotNull(event.kafkaKey(), event.typeName());
        }
    }

    @Test
    void everyEventWithAPgidSaysItIsJobScopedAndNoOtherDoes() {
        for (Class<?> type : KpmEvent.class.getPermittedSubclasses()) {
            boolean hasPgid = Arrays.stream(type.getRecordComponents())
                    .anyMatch(c -> c.getName().equals("pgid") && c.getType() == long.class);
            assertEquals(hasPgid, io.kpm.schemas.events.JobScoped.class.isAssignableFrom(type),
                    type.getSimpleName() + ": a long pgid component and JobScoped go together");
        }
    }
}
