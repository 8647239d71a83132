package io.kpm.cli.replay;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.kpm.cli.CliFailure;

/**
 * The {@code --since} argument: an ISO-8601 instant ({@code 2026-11-22T10:00:00Z}), a local date and time
 * ({@code 2026-11-22 10:00} or with seconds), or an age ({@code 90s}, {@code 15m}, {@code 2h}, {@code 3d}).
 */
public final class SinceTime {

    private static final Pattern AGE = Pattern.compile("(\\d+)([smhd])");
    private static final DateTimeFormatter LOCAL_MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter LOCAL_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private SinceTime() {
    }

    public static Instant parse(String text, Instant now, ZoneId zone) {
        String value = text.trim();
        Matcher age = AGE.matcher(value);
        if (age.matches()) {
            long amount = Long.parseLong(age.group(1));
            Duration ago = switch (age.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return now.minus(ago);
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            // try the local forms
        }
        for (DateTimeFormatter local : new DateTimeFormatter[] {LOCAL_SECONDS, LOCAL_MINUTES}) {
            try {
                return LocalDateTime.parse(value, local).atZone(zone).toInstant();
            } catch (DateTimeParseException notThisForm) {
                // next form
            }
        }
        throw new CliFailure(CliFailure.USAGE, "--since '" + text + "' is not a time: give an ISO-8601 instant "
                + "(2026-11-22T10:00:00Z), a local time (2026-11-22 10:00) or an age (90s, 15m, 2h, 3d)");
    }
}
