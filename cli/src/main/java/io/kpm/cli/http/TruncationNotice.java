package io.kpm.cli.http;

import java.io.IOException;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The line to tell the user for a {@code truncated} event of an output stream: a rank stream its node agent cut
 * at {@code kpm.agent.output-cap}, or the job's output past the gateway's {@code kpm.gateway.output-cap}. The
 * gateway's {@code message} says it all; without one the fields are put together here.
 */
public final class TruncationNotice {

    private TruncationNotice() {
    }

    public static String of(String data) {
        JsonNode event;
        try {
            event = Json.mapper().readTree(data);
        } catch (IOException e) {
            return "output truncated: " + data;
        }
        String message = event.path("message").asText("");
        if (!message.isBlank()) return message;
        String setting = event.path("setting").asText("an output cap");
        long kept = event.path("capBytes").asLong(-1);
        if (event.hasNonNull("rank")) {
            return "rank " + event.get("rank").asInt() + " " + event.path("stream").asText("").toLowerCase(Locale.ROOT)
                    + " truncated by " + setting + ": kept the first " + kept + " bytes, dropped "
                    + event.path("droppedBytes").asLong(-1) + " bytes";
        }
        return "output truncated by " + setting + " after " + kept + " bytes";
    }
}
