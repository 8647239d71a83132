package io.kpm.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class RetentionTest {

    @Test
    void durationsAsOperatorsWriteThem() {
        assertEquals(7L * 86_400_000, Retention.parseMillis("7d"));
        assertEquals(12L * 3_600_000, Retention.parseMillis(" 12h "));
        assertEquals(30L * 60_000, Retention.parseMillis("30m"));
        assertEquals(45_000, Retention.parseMillis("45s"));
        assertEquals(500, Retention.parseMillis("500ms"));
        assertEquals(14L * 86_400_000, Retention.parseMillis("2w"));
        assertEquals(Retention.UNLIMITED, Retention.parseMillis("forever"));
        assertEquals(Retention.UNLIMITED, Retention.parseMillis("-1"));
    }

    @Test
    void badDurationsAreRefusedSayingWhatIsAccepted() {
        for (String bad : new String[] {"7", "seven days", "7y", "", "0d", "-2d", "99999999999999999999d"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Retention.parseMillis(bad), bad);
            assertTrue(e.getMessage().contains(bad.isEmpty() ? "\"\"" : bad), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Retention.parseMillis("7"))
                .getMessage().contains("unit"));
    }

    @Test
    void sizesAsOperatorsWriteThem() {
        assertEquals(10L << 30, Retention.parseBytes("10G"));
        assertEquals(512L << 20, Retention.parseBytes("512MiB"));
        assertEquals(64L << 10, Retention.parseBytes("64k"));
        assertEquals(1L << 40, Retention.parseBytes("1TB"));
        assertEquals(4096, Retention.parseBytes("4096"));
        assertEquals(Retention.UNLIMITED, Retention.parseBytes("unlimited"));
        assertThrows(IllegalArgumentException.class, () -> Retention.parseBytes("lots"));
        assertThrows(IllegalArgumentException.class, () -> Retention.parseBytes("0"));
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertEquals("30d", Retention.formatMillis(30L * 86_400_000));
        assertEquals("7d", Retention.formatMillis(7L * 86_400_000));
        assertEquals("90m", Retention.formatMillis(90L * 60_000));
        assertEquals("1500ms", Retention.formatMillis(1500));
        assertEquals("forever", Retention.formatMillis(-1));
        assertEquals("10G", Retention.formatBytes(10L << 30));
        assertEquals("1536K", Retention.formatBytes(1536L << 10));
        assertEquals("1000", Retention.formatBytes(1000));
        assertEquals("unlimited", Retention.formatBytes(-1));
        for (String text : new String[] {"7d", "12h", "45s", "forever"}) {
            assertEquals(Retention.parseMillis(text), Retention.parseMillis(Retention.formatMillis(Retention.parseMillis(text))));
        }
    }

    @Test
    void aTimeLimitRollsSegmentsSoThatItTakesEffect() {
        Map<String, String> week = Retention.ofDays(7, Retention.UNLIMITED).topicConfigs();
        assertEquals(Long.toString(7L * 86_400_000), week.get("retention.ms"));
        assertEquals("-1", week.get("retention.bytes"));
        assertEquals(Long.toString(Retention.MAX_SEGMENT_MILLIS), week.get("segment.ms"));
        assertEquals("3600000", new Retention(3_600_000, -1).topicConfigs().get("segment.ms"));
        assertFalse(Retention.FOREVER.topicConfigs().containsKey("segment.ms"));
    }
}
