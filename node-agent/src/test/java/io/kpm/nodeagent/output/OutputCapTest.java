package io.kpm.nodeagent.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutputCapTest {

    @Test
    void keepsEverythingUpToTheCap() {
        OutputCap cap = new OutputCap(100);
        assertEquals(60, cap.take(60));
        assertEquals(40, cap.take(40));
        assertFalse(cap.truncated());
        assertEquals(100, cap.kept());
        assertEquals(0, cap.dropped());
    }

    @Test
    void theReadThatCrossesTheCapIsCutAndLaterReadsAreDroppedAndCounted() {
        OutputCap cap = new OutputCap(100);
        assertEquals(90, cap.take(90));
        assertEquals(10, cap.take(16));
        assertTrue(cap.truncated());
        assertEquals(0, cap.take(5000));
        assertEquals(100, cap.kept());
        assertEquals(6 + 5000, cap.dropped());
    }

    @Test
    void aCapLargerThanAnIntStillCountsExactly() {
        OutputCap cap = new OutputCap(5L << 30);
        for (int i = 0; i < 10; i++) assertEquals(1 << 20, cap.take(1 << 20));
        assertEquals(10L << 20, cap.kept());
        assertFalse(cap.truncated());
    }

    @Test
    void aCapOfNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OutputCap(0));
    }
}
