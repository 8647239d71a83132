package io.kpm.cli.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import io.kpm.cli.CliFailure;

class SinceTimeTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void anAgeCountsBackFromNow() {
        assertEquals(Instant.parse("2026-11-22T11:58:30Z"), SinceTime.parse("90s", NOW, PARIS));
        assertEquals(Instant.parse("2026-11-22T11:45:00Z"), SinceTime.parse("15m", NOW, PARIS));
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), SinceTime.parse("2h", NOW, PARIS));
        assertEquals(Instant.parse("2026-11-19T12:00:00Z"), SinceTime.parse("3d", NOW, PARIS));
    }

    @Test
    void anInstantOrALocalTimeIsTakenAsIs() {
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), SinceTime.parse("2026-11-22T10:00:00Z", NOW, PARIS));
        assertEquals(Instant.parse("2026-11-22T09:00:00Z"), SinceTime.parse("2026-11-22 10:00", NOW, PARIS));
        assertEquals(Instant.parse("2026-11-22T09:00:05Z"), SinceTime.parse("2026-11-22 10:00:05", NOW, PARIS));
    }

    @Test
    void anythingElseIsAUsageErrorThatSaysWhatIsAccepted() {
        CliFailure failure = assertThrows(CliFailure.class, () -> SinceTime.parse("yesterday", NOW, PARIS));
        assertEquals(CliFailure.USAGE, failure.exitCode());
        assertTrue(failure.getMessage().contains("'yesterday'"));
        assertTrue(failure.getMessage().contains("15m"));
    }
}
