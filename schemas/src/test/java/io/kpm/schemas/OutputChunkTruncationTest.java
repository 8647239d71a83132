package io.kpm.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.OutputChunk;
import io.kpm.schemas.events.OutputStream;
import io.kpm.schemas.events.Producer;
import io.kpm.schemas.serde.EventJson;
import io.kpm.schemas.serde.EventSchemas;

class OutputChunkTruncationTest {

    private static final EventMeta META = EventMeta.now(new Producer("node-agent", "n0"));

    @Test
    void aTruncatedEofChunkRoundTripsWithItsCounts() {
        OutputChunk eof = new OutputChunk(META, 3, 1, "n0", OutputStream.STDERR, 12, null, true, true, 65536, 7);
        String json = EventJson.toJson(eof);
        assertEquals(java.util.List.of(), EventSchemas.validate(json));
        OutputChunk back = (OutputChunk) EventJson.fromJson(json);
        assertTrue(back.truncated());
        assertEquals(65536, back.keptBytes());
        assertEquals(7, back.droppedBytes());
    }

    @Test
    void anEventWrittenBeforeTheFieldsExistedReadsAsNotTruncated() throws Exception {
        ObjectNode json = (ObjectNode) EventJson.mapper().readTree(
                EventJson.toJson(new OutputChunk(META, 3, 0, "n0", OutputStream.STDOUT, 0, "hi".getBytes(), true)));
        json.remove("truncated");
        json.remove("keptBytes");
        json.remove("droppedBytes");
        assertEquals(java.util.List.of(), EventSchemas.validate(json.toString()));
        OutputChunk back = (OutputChunk) EventJson.fromJson(json.toString());
        assertFalse(back.truncated());
        assertEquals(0, back.droppedBytes());
    }

    @Test
    void onlyTheEofChunkMaySayTruncated() throws Exception {
        assertThrows(IllegalArgumentException.class,
                () -> new OutputChunk(META, 3, 0, "n0", OutputStream.STDOUT, 0, null, false, true, 1, 1));
        ObjectNode json = (ObjectNode) EventJson.mapper().readTree(
                EventJson.toJson(new OutputChunk(META, 3, 0, "n0", OutputStream.STDOUT, 0, "x".getBytes(), false)));
        json.put("truncated", true);
        assertFalse(EventSchemas.validate(json.toString()).isEmpty(), "truncated on a chunk that is not eof");
    }
}
