package io.kpm.cli.table;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

/** A time from the gateway (ISO-8601 text, or epoch seconds/milliseconds) as local {@code yyyy-MM-dd HH:mm:ss}. */
public final class TimeText {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private TimeText() {
    }

    public static String of(Instant time) {
        return time == null ? "-" : LOCAL.format(time.atZone(ZoneId.systemDefault()));
    }

    public static String of(JsonNode time) {
        return of(time, ZoneId.systemDefault());
    }

    static String of(JsonNode time, ZoneId zone) {
        if (time == null || time.isNull() || time.isMissingNode()) return "-";
        Instant instant;
        if (time.isNumber()) {
            BigDecimal value = time.decimalValue();
            // below 10^11 it cannot be milliseconds of any date kpm sees (that would be 1973)
            instant = value.compareTo(BigDecimal.valueOf(100_000_000_000L)) < 0
                    ? Instant.ofEpochSecond(value.longValue())
                    : Instant.ofEpochMilli(value.longValue());
        } else {
            try {
                instant = Instant.parse(time.asText());
            } catch (DateTimeParseException e) {
                return time.asText();
            }
        }
        return LOCAL.format(instant.atZone(zone));
    }
}
