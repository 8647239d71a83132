package io.kpm.schemas.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class NodeLabelsTest {

    @Test
    void parsesKeyValuePairsSortedWithBareKeysAsEmptyValues() {
        assertEquals(List.of("gpu", "rack", "ssd"), List.copyOf(NodeLabels.parse(" rack=r1, gpu=a100,ssd ,").keySet()));
        assertEquals(Map.of("rack", "r1", "gpu", "a100", "ssd", ""), NodeLabels.parse("rack=r1,gpu=a100,ssd"));
        assertEquals(Map.of("zone", "eu-west:2a"), NodeLabels.parse("zone=eu-west:2a"));
        assertTrue(NodeLabels.parse(null).isEmpty());
        assertTrue(NodeLabels.parse("  ").isEmpty());
    }

    @Test
    void refusesWhatItCannotShowOrBoundSayingWhich() {
        assertEquals("label 'rack' is given twice",
                assertThrows(IllegalArgumentException.class, () -> NodeLabels.parse("rack=a,rack=b")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NodeLabels.parse("=x")).getMessage()
                .startsWith("label key '' is not"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NodeLabels.parse("a=b c")).getMessage()
                .startsWith("label a's value 'b c' is not"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NodeLabels.parse("k=" + "v".repeat(64)))
                .getMessage().startsWith("label k's value"));
        String many = IntStream.range(0, 33).mapToObj(i -> "k" + i).collect(Collectors.joining(","));
        assertEquals("at most 32 labels, got 33",
                assertThrows(IllegalArgumentException.class, () -> NodeLabels.parse(many)).getMessage());
    }
}
