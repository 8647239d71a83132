package io.kpm.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kpm.schemas.cpu.BindingPolicy;
import io.kpm.schemas.cpu.BindingPolicy.Level;
import io.kpm.schemas.cpu.CpuList;
import io.kpm.schemas.events.NodeRegistered;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.serde.EventJson;

/** Hydra's -bind-to/-map-by spellings and Linux's cpu lists, as kpm reads and writes them. */
class CpuBindingSpellingTest {

    @Test
    void cpuListsReadAndWriteAsLinuxDoes() {
        assertEquals("0-3,8,10-11", CpuList.format(List.of(8, 0, 1, 2, 3, 10, 11, 2)));
        assertEquals(List.of(0, 1, 2, 5), CpuList.parse("0-2,5"));
        assertEquals("7", CpuList.format(CpuList.parse(" 7 ")));
        for (String bad : List.of("", "a", "3-1", "1-2-3", "1,,2", "99999999")) {
            assertThrows(IllegalArgumentException.class, () -> CpuList.parse(bad), bad);
        }
    }

    @Test
    void hydrasSpellingsParse() {
        assertFalse(BindingPolicy.parse(null, null).binds());
        assertFalse(BindingPolicy.parse("none", "core").binds());
        assertEquals(new BindingPolicy(new BindingPolicy.Objects(Level.CORE, 1), false, null, 1),
                BindingPolicy.parse("core", null));
        assertEquals(new BindingPolicy(new BindingPolicy.Objects(Level.SOCKET, 2), false, Level.HWTHREAD, 4),
                BindingPolicy.parse("socket:2", "hwthread:4"));
        assertEquals(Level.NUMA, ((BindingPolicy.Objects) BindingPolicy.parse("numanode", null).binding()).level());
        assertTrue(BindingPolicy.parse("core", "node").byNode());
        assertFalse(BindingPolicy.parse("core", "slot").byNode());
        assertInstanceOf(BindingPolicy.RoundRobin.class, BindingPolicy.parse("rr", null).binding());
        assertEquals(List.of(List.of(0, 2), List.of(1, 4, 5), List.of(1, 4, 5), List.of(3)),
                ((BindingPolicy.User) BindingPolicy.parse("user:0+2,1+4-5x2,3", null).binding()).sets());
        assertEquals(BindingPolicy.NONE, BindingPolicy.ofJobInfo(Map.of()));
    }

    @Test
    void whatHydraHasAndKpmDoesNotIsRefusedByName() {
        IllegalArgumentException cache = assertThrows(IllegalArgumentException.class,
                () -> BindingPolicy.parse("l2cache", null));
        assertTrue(cache.getMessage().contains("l2cache") && cache.getMessage().contains("core"), cache.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BindingPolicy.parse("core:0", null));
        assertThrows(IllegalArgumentException.class, () -> BindingPolicy.parse("core", "board"));
        assertThrows(IllegalArgumentException.class, () -> BindingPolicy.parse("user:", null));
        assertThrows(IllegalArgumentException.class, () -> BindingPolicy.parse("user:a+b", null));
    }

    @Test
    void recordsWrittenBeforeBindingExistedStillDecode() {
        String oldRegistration = "{\"type\":\"NodeRegistered\",\"meta\":{\"eventId\":\"7f0c8b6e-3f7d-4a43-9d3c-1f6d1c1a2b3c\","
                + "\"time\":\"2026-01-01T00:00:00Z\",\"producer\":{\"service\":\"node-agent\",\"instance\":\"a\"},"
                + "\"schemaVersion\":1},\"nodeId\":\"node-0\",\"hostname\":\"h\",\"cores\":2,\"agentUrl\":null}";
        assertEquals(List.of(), io.kpm.schemas.serde.EventSchemas.validate(oldRegistration));
        assertEquals(null, ((NodeRegistered) EventJson.fromJson(oldRegistration)).topology());
        String oldStart = "{\"type\":\"ProcStarted\",\"meta\":{\"eventId\":\"7f0c8b6e-3f7d-4a43-9d3c-1f6d1c1a2b3c\","
                + "\"time\":\"2026-01-01T00:00:00Z\",\"producer\":{\"service\":\"node-agent\",\"instance\":\"a\"},"
                + "\"schemaVersion\":1},\"pgid\":3,\"rank\":0,\"nodeId\":\"node-0\",\"pid\":42}";
        assertEquals(null, ((ProcStarted) EventJson.fromJson(oldStart)).cpus());
    }
}
