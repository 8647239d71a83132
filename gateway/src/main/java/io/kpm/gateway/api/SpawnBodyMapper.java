package io.kpm.gateway.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.kpm.schemas.cpu.BindingPolicy;
import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.SpawnRequested;

/**
 * Checks a spawn body and turns it into a {@link SpawnRequested}. Every problem found is named with its field
 * and app index; a body with any problem is refused as a whole and nothing is published.
 */
public final class SpawnBodyMapper {

    /** The body was refused; {@link #problems()} says why. */
    public static final class InvalidSpawn extends Exception {
        private final List<String> problems;

        InvalidSpawn(List<String> problems) {
            super(String.join("; ", problems), null, false, false);
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private SpawnBodyMapper() {
    }

    /** The job-info key that records who submitted a job through REST. */
    public static final String SUBMITTED_BY = "kpm.submittedBy";

    public static SpawnRequested map(SpawnBody body, String requestId, EventMeta meta, String pmiEndpoint)
            throws InvalidSpawn {
        return map(body, requestId, meta, pmiEndpoint, null);
    }

    /** @param submitter who sent the request (recorded in the job's info), or null */
    public static SpawnRequested map(SpawnBody body, String requestId, EventMeta meta, String pmiEndpoint,
            String submitter) throws InvalidSpawn {
        List<String> problems = new ArrayList<>();
        if (body == null) {
            throw new InvalidSpawn(List.of("the request body is missing: expected {\"apps\":[{\"cmd\":...,"
                    + "\"maxprocs\":...}]}"));
        }
        Map<String, String> jobInfo = strings(body.jobInfo(), "jobInfo", problems);
        String timeout = jobInfo.get("timeout");
        if (timeout != null && !timeout.matches("[1-9][0-9]{0,8}")) {
            problems.add("jobInfo.timeout must be a whole number of seconds, at least 1, got \"" + timeout + "\"");
        }
        List<AppSpec> apps = new ArrayList<>();
        if (body.apps() == null || body.apps().isEmpty()) {
            problems.add("apps: at least one app is required");
        } else {
            for (int i = 0; i < body.apps().size(); i++) {
                AppSpec app = app(body.apps().get(i), "apps[" + i + "]", problems);
                if (app != null) apps.add(app);
            }
        }
        String stdin = jobInfo.get("stdin");
        int ranks = apps.stream().mapToInt(AppSpec::maxprocs).sum();
        if (stdin != null && !(stdin.matches("[0-9]{1,9}") && Integer.parseInt(stdin) < Math.max(ranks, 1))) {
            problems.add("jobInfo.stdin must be the rank that reads the job's stdin, from 0 to " + (ranks - 1)
                    + ", got \"" + stdin + "\"");
        }
        try {
            BindingPolicy.ofJobInfo(jobInfo);
        } catch (IllegalArgumentException e) {
            problems.add("jobInfo." + e.getMessage());
        }
        if (!problems.isEmpty()) throw new InvalidSpawn(problems);
        if (submitter != null) jobInfo.put(SUBMITTED_BY, submitter);
        return new SpawnRequested(meta, requestId, null, null, apps, Map.of(), jobInfo, pmiEndpoint);
    }

    private static AppSpec app(SpawnBody.App app, String where, List<String> problems) {
        if (app == null) {
            problems.add(where + " must be an object");
            return null;
        }
        int before = problems.size();
        if (app.cmd() == null || app.cmd().isBlank()) problems.add(where + ".cmd is empty");
        else if (hasNul(app.cmd())) problems.add(where + ".cmd contains a NUL character");
        if (app.cwd() != null && hasNul(app.cwd())) problems.add(where + ".cwd contains a NUL character");
        Integer maxprocs = maxprocs(app.maxprocs(), where + ".maxprocs", problems);
        List<String> argv = app.argv() == null ? List.of() : app.argv();
        for (int j = 0; j < argv.size(); j++) {
            if (argv.get(j) == null) problems.add(where + ".argv[" + j + "] is null");
            else if (hasNul(argv.get(j))) problems.add(where + ".argv[" + j + "] contains a NUL character");
        }
        Map<String, String> env = app.env() == null ? Map.of() : app.env();
        env.forEach((k, v) -> {
            if (k.isEmpty() || k.indexOf('=') >= 0 || hasNul(k)) {
                problems.add(where + ".env has the name \"" + k.replace("\0", "\\0")
                        + "\": an environment name must be non-empty, without '=' or NUL");
            }
            if (v == null) problems.add(where + ".env." + k + " is null");
            else if (hasNul(v)) problems.add(where + ".env." + k + " contains a NUL character");
        });
        Map<String, String> info = strings(app.info(), where + ".info", problems);
        Integer ppn = ppn(info.get("ppn"), where + ".info.ppn", problems);
        if (problems.size() > before) return null;

        String wdir = app.cwd() != null && !app.cwd().isBlank() ? app.cwd() : blankToNull(info.get("wdir"));
        List<String> hosts = hosts(info.get("hosts"), info.get("host"));
        return new AppSpec(app.cmd(), argv, env, wdir, blankToNull(info.get("path")), maxprocs, hosts, ppn, info);
    }

    private static Integer maxprocs(JsonNode node, String where, List<String> problems) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            problems.add(where + " is missing");
            return null;
        }
        Integer value = null;
        // a number, not a string holding one: strict types, no coercion
        if (node.isIntegralNumber() && node.canConvertToInt()) value = node.intValue();
        if (value == null || value <= 0) {
            problems.add(where + " must be a positive integer, got " + node);
            return null;
        }
        return value;
    }

    /** A NUL cannot pass through exec: the string would be cut short silently. */
    private static boolean hasNul(String s) {
        return s.indexOf('\0') >= 0;
    }

    private static Integer ppn(String text, String where, List<String> problems) {
        if (text == null) return null;
        Integer value = parseInt(text);
        if (value == null || value <= 0) {
            problems.add(where + " must be a positive integer, got \"" + text + "\"");
            return null;
        }
        return value;
    }

    /** Info values as the strings PMI info keys are: scalars as text, lists of scalars comma-joined. */
    private static Map<String, String> strings(Map<String, JsonNode> in, String where, List<String> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        if (in == null) return out;
        in.forEach((key, node) -> {
            if (node == null || node.isNull()) return;
            if (node.isValueNode()) {
                out.put(key, node.asText());
            } else if (node.isArray() && allValues(node)) {
                List<String> parts = new ArrayList<>();
                node.forEach(n -> parts.add(n.asText()));
                out.put(key, String.join(",", parts));
            } else {
                problems.add(where + "." + key + " must be a string, a number or a list of them, got " + node);
            }
        });
        return out;
    }

    private static boolean allValues(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isValueNode() || n.isNull()) return false;
        }
        return true;
    }

    /** {@code hosts} then {@code host}, each a comma list; blanks and repeats dropped, order kept. */
    static List<String> hosts(String... lists) {
        Set<String> out = new LinkedHashSet<>();
        for (String list : lists) {
            if (list == null) continue;
            for (String h : list.split(",")) {
                if (!h.isBlank()) out.add(h.trim());
            }
        }
        return List.copyOf(out);
    }

    private static Integer parseInt(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
