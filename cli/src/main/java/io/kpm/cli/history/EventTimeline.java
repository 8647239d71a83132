package io.kpm.cli.history;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A job's events as a timeline, one line each: the time since the first event, the event type and what matters
 * about it ({@code +0.120s ProcStarted rank=3 node=node-1 pid=4242}). Stateful: the first line sets time zero.
 */
public final class EventTimeline {

    private Instant first;

    /** The line for one event in kpm JSON ({@code type}, {@code meta.time} and the event's fields). */
    public String line(JsonNode event) {
        return line(event, null);
    }

    /** @param job the pgid to name on the line when a timeline shows several jobs, else null */
    public String line(JsonNode event, Long job) {
        Instant time = timeOf(event);
        if (first == null && time != null) first = time;
        String type = event.path("type").asText("?");
        String details = details(type, event);
        return relative(time) + (job == null ? "" : " job " + job) + " " + type + (details.isEmpty() ? "" : " " + details);
    }

    private String relative(Instant time) {
        if (time == null || first == null) return "+?";
        Duration d = Duration.between(first, time);
        return String.format(Locale.ROOT, "%s%d.%03ds", d.isNegative() ? "-" : "+", Math.abs(d.toSeconds()),
                Math.abs(d.toMillisPart()));
    }

    static Instant timeOf(JsonNode event) {
        JsonNode time = event.path("meta").path("time");
        if (!time.isTextual()) return null;
        try {
            return Instant.parse(time.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String details(String type, JsonNode e) {
        List<String> parts = new ArrayList<>();
        switch (type) {
            case "SpawnRequested" -> {
                add(parts, "request", e.get("requestId"));
                add(parts, "spawner", e.get("spawnerPgid"));
                add(parts, "rank", e.get("spawnerRank"));
                add(parts, "apps", commands(e.path("apps")));
                add(parts, "procs", procs(e.path("apps")));
            }
            case "AbortRequested" -> {
                add(parts, "exit", e.get("exitCode"));
                add(parts, "reason", quoted(e.get("reason")));
            }
            case "JobAccepted" -> {
                add(parts, "size", e.get("size"));
                add(parts, "kvs", e.get("kvsname"));
                add(parts, "spawner", e.get("spawnerPgid"));
                add(parts, "apps", commands(e.path("apps")));
            }
            case "JobPlaced" -> {
                add(parts, "nodes", joined(e.path("nodes")));
                add(parts, "mapping", e.get("processMapping"));
            }
            case "JobRunning" -> {
                // the type says it all
            }
            case "JobFinished" -> add(parts, "exit", e.get("exitCode"));
            case "JobFailed" -> {
                add(parts, "exit", e.get("exitCode"));
                add(parts, "rank", e.get("failedRank"));
                add(parts, "reason", quoted(e.get("reason")));
            }
            case "JobAborted" -> {
                add(parts, "exit", e.get("exitCode"));
                add(parts, "reason", quoted(e.get("reason")));
            }
            case "ProcStarted" -> {
                add(parts, "rank", e.get("rank"));
                add(parts, "node", e.get("nodeId"));
                add(parts, "pid", e.get("pid"));
            }
            case "ProcExited" -> {
                add(parts, "rank", e.get("rank"));
                add(parts, "node", e.get("nodeId"));
                add(parts, "exit", e.get("exitCode"));
                if (e.path("killed").asBoolean(false)) parts.add("killed");
            }
            case "ProcLaunchFailed" -> {
                add(parts, "rank", e.get("rank"));
                add(parts, "node", e.get("nodeId"));
                add(parts, "reason", e.get("reason"));
                add(parts, "message", quoted(e.get("message")));
            }
            case "SpawnCompleted" -> {
                add(parts, "pgid", e.get("pgid"));
                add(parts, "kvs", e.get("kvsname"));
                add(parts, "request", e.get("requestId"));
            }
            case "SpawnFailed" -> {
                add(parts, "request", e.get("requestId"));
                add(parts, "status", e.get("status"));
                add(parts, "reason", quoted(e.get("reason")));
            }
            default -> {
                // an event this kpm does not know yet: its simple fields
                Iterator<Map.Entry<String, JsonNode>> fields = e.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    if (f.getKey().equals("type") || f.getKey().equals("meta")) continue;
                    if (f.getValue().isValueNode()) add(parts, f.getKey(), f.getValue());
                }
            }
        }
        return String.join(" ", parts);
    }

    private static void add(List<String> parts, String name, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) return;
        parts.add(name + "=" + value.asText());
    }

    private static void add(List<String> parts, String name, String value) {
        if (value != null && !value.isEmpty()) parts.add(name + "=" + value);
    }

    private static String joined(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(n -> items.add(n.asText()));
        return String.join(",", items);
    }

    private static String commands(JsonNode apps) {
        List<String> items = new ArrayList<>();
        apps.forEach(app -> {
            String cmd = app.path("cmd").asText(null);
            if (cmd != null) items.add(cmd);
        });
        return String.join(",", items);
    }

    private static String procs(JsonNode apps) {
        long total = 0;
        for (JsonNode app : apps) total += app.path("maxprocs").asLong(0);
        return total == 0 ? null : Long.toString(total);
    }

    private static String quoted(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) return null;
        return "\"" + value.asText().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
