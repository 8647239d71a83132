package io.kpm.scheduler.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class NaturalOrderTest {

    @Test
    void numbersInsideNamesCompareAsNumbers() {
        List<String> names = new ArrayList<>(List.of("node-10", "node-2", "node-1", "a", "node-2b", "node-02"));
        names.sort(NaturalOrder.INSTANCE);
        assertEquals(List.of("a", "node-1", "node-02", "node-2", "node-2b", "node-10"), names);
    }

    @Test
    void hugeNumbersDoNotOverflow() {
        assertTrue(NaturalOrder.INSTANCE.compare("n99999999999999999999", "n100000000000000000000") < 0);
    }
}
