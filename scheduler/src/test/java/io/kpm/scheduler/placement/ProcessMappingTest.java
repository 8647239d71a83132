package io.kpm.scheduler.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ProcessMappingTest {

    @Test
    void runsOfEqualSizeOnConsecutiveNodesShareATriple() {
        assertEquals("(vector,(0,3,2))", ProcessMapping.of(List.of(0, 0, 1, 1, 2, 2)));
    }

    @Test
    void aWrapStartsANewTriple() {
        assertEquals("(vector,(0,2,2),(0,1,2))", ProcessMapping.of(List.of(0, 0, 1, 1, 0, 0)));
    }

    @Test
    void aShorterRunStartsANewTriple() {
        assertEquals("(vector,(0,1,2),(1,1,1))", ProcessMapping.of(List.of(0, 0, 1)));
    }

    @Test
    void noRanksIsAnEmptyVector() {
        assertEquals("(vector)", ProcessMapping.of(List.of()));
    }
}
