package io.kpm.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kpm.gateway.TestEvents;
import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.SpawnRequested;

class SpawnBodyMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static SpawnRequested map(String json) throws Exception {
        return SpawnBodyMapper.map(JSON.readValue(json, SpawnBody.class), "r1", TestEvents.meta(), "10.0.0.1:7703");
    }

    @Test
    void mapsAppsAndInfoKeys() throws Exception {
        SpawnRequested r = map("{\"jobInfo\":{\"label\":\"x\",\"n\":3},\"apps\":["
                + "{\"cmd\":\"a\",\"maxprocs\":2,\"info\":{\"wdir\":\"/w\",\"hosts\":[\"h1\",\"h2\"],\"ppn\":\"1\"}},"
                + "{\"cmd\":\"b\",\"maxprocs\":1,\"cwd\":\"\",\"info\":{\"host\":\"h2,,h3\",\"wdir\":null}}]}");
        assertEquals("r1", r.requestId());
        assertEquals("10.0.0.1:7703", r.pmiEndpoint());
        assertEquals(Map.of("label", "x", "n", "3"), r.jobInfo());
        AppSpec a = r.apps().get(0);
        assertEquals(2, a.maxprocs());
        assertEquals("/w", a.wdir(), "info.wdir when there is no cwd");
        assertEquals(List.of("h1", "h2"), a.hosts());
        assertEquals(1, a.ppn());
        assertEquals(Map.of("wdir", "/w", "hosts", "h1,h2", "ppn", "1"), a.info());
        AppSpec b = r.apps().get(1);
        assertNull(b.wdir());
        assertNull(b.path());
        assertNull(b.ppn());
        assertEquals(List.of("h2", "h3"), b.hosts());
        assertEquals(List.of(), b.argv());
    }

    @Test
    void theStdinRankMustBeARankOfTheJob() throws Exception {
        assertEquals("2", map("{\"jobInfo\":{\"stdin\":2},\"apps\":[{\"cmd\":\"a\",\"maxprocs\":3}]}")
                .jobInfo().get("stdin"));
        var e = assertThrows(SpawnBodyMapper.InvalidSpawn.class,
                () -> map("{\"jobInfo\":{\"stdin\":\"3\"},\"apps\":[{\"cmd\":\"a\",\"maxprocs\":3}]}"));
        assertEquals(List.of("jobInfo.stdin must be the rank that reads the job's stdin, from 0 to 2, got \"3\""),
                e.problems());
        assertThrows(SpawnBodyMapper.InvalidSpawn.class,
                () -> map("{\"jobInfo\":{\"stdin\":\"all\"},\"apps\":[{\"cmd\":\"a\",\"maxprocs\":3}]}"));
    }

    @Test
    void bindingIsHydrasSpellingOrRefusedByName() throws Exception {
        assertEquals("core", map("{\"jobInfo\":{\"bind-to\":\"core\",\"map-by\":\"socket\"},"
                + "\"apps\":[{\"cmd\":\"a\",\"maxprocs\":3}]}").jobInfo().get("bind-to"));
        var e = assertThrows(SpawnBodyMapper.InvalidSpawn.class,
                () -> map("{\"jobInfo\":{\"bind-to\":\"l3cache\"},\"apps\":[{\"cmd\":\"a\",\"maxprocs\":1}]}"));
        assertTrue(e.problems().get(0).startsWith("jobInfo.bind-to \"l3cache\" is not one kpm knows"), e.problems().toString());
        assertThrows(SpawnBodyMapper.InvalidSpawn.class,
                () -> map("{\"jobInfo\":{\"map-by\":\"board\"},\"apps\":[{\"cmd\":\"a\",\"maxprocs\":1}]}"));
    }

    @Test
    void refusesNestedInfoValues() {
        var e = assertThrows(SpawnBodyMapper.InvalidSpawn.class,
                () -> map("{\"apps\":[{\"cmd\":\"a\",\"maxprocs\":1,\"info\":{\"x\":{\"y\":1}}}]}"));
        assertEquals(List.of("apps[0].info.x must be a string, a number or a list of them, got {\"y\":1}"),
                e.problems());
    }

    @Test
    void refusesAMissingBody() {
        var e = assertThrows(SpawnBodyMapper.InvalidSpawn.class,
                () -> SpawnBodyMapper.map(null, "r", TestEvents.meta(), "h:1"));
        assertEquals(1, e.problems().size());
    }

    @Test
    void hostsKeepOrderAndDropRepeats() {
        assertEquals(List.of("a", "b", "c"), SpawnBodyMapper.hosts(" a ,b", "b, c,"));
    }
}
