package io.kpm.gateway.api.pmix;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.kpm.gateway.api.pmix.AppDirectives.Invalid;
import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.SpawnRequested;

/**
 * Turns a v2 (PMIx-convention) spawn body into kpm's {@link SpawnRequested}, with a report of what became of every
 * directive. Pure. The conventions that differ from v1: argv includes argv[0]; env may be PMIx's "NAME=value" list;
 * maxprocs is a maximum when minprocs is given; directives are PMIx's attribute names. Every directive given is
 * recorded on the job under its own name (job info or app info), whether kpm applied it or not; the names kpm did
 * not apply are also listed under {@value #UNKNOWN_KEY} and {@value #NOT_APPLIED_KEY}. Every problem found is named
 * with its field, and a body with any problem is refused whole.
 */
public final class PmixSpawnMapper {

    public static final String API_KEY = "kpm.api";
    public static final String UNKNOWN_KEY = "kpm.directives.unknown";
    public static final String NOT_APPLIED_KEY = "kpm.directives.notApplied";
    public static final String NOTIFY_KEY = "kpm.notifyCompletion";
    public static final String ARGV0_KEY = "kpm.argv0";
    /** Shared with the scheduler (DebugTarget, FlexibleCount, Job.TIMEOUT_KEY), which share no classes with us. */
    static final String DEBUG_TARGET_KEY = "kpm.debug.target";
    static final String DEBUG_MODE_KEY = "kpm.debug.mode";
    static final String MINPROCS_KEY = "kpm.minprocs";
    static final String TIMEOUT_KEY = "timeout";
    static final String STDIN_KEY = "stdin";
    static final String SUBMITTED_BY = "kpm.submittedBy";

    /** The refused body's problems, each naming its field. */
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

    /**
     * @param spawnTimeout how long the caller waits for the spawn (PMIX_TIMEOUT / PMIX_SPAWN_TIMEOUT), null: the
     *                     gateway's own
     */
    public record Mapped(SpawnRequested request, List<DirectiveReport> directives, Duration spawnTimeout,
            boolean debuggerDaemons) {
    }

    private PmixSpawnMapper() {
    }

    public static Mapped map(PmixSpawnBody body, String requestId, EventMeta meta, String pmiEndpoint, String submitter)
            throws InvalidSpawn {
        if (body == null) {
            throw new InvalidSpawn(List.of("the request body is missing: expected {\"apps\":[{\"cmd\":...,\"argv\":[...],"
                    + "\"maxprocs\":...}]}"));
        }
        List<String> problems = new ArrayList<>();
        List<DirectiveReport> report = new ArrayList<>();
        JobDirectives job = new JobDirectives();
        Map<String, String> jobInfo = new LinkedHashMap<>();
        Map<String, JsonNode> appDefaults = new LinkedHashMap<>();
        Map<String, JsonNode> givenJobInfo = body.jobInfo() == null ? Map.of() : body.jobInfo();
        givenJobInfo.forEach((name, value) -> {
            if (value == null || value.isNull()) return;
            jobInfo.put(name, PmixValues.shown(value));
            try {
                if (JobDirectives.handles(name)) {
                    report.add(job.apply(name, value));
                } else if (AppDirectives.handles(name)) {
                    // a per-app directive at job level applies to every app; checked once, here
                    report.add(new AppDirectives().apply(name, "jobInfo", value));
                    appDefaults.put(name, value);
                } else {
                    report.add(unknown(name, "jobInfo", value));
                }
            } catch (Invalid e) {
                problems.add(e.getMessage());
            }
        });
        try {
            // the combination only means something once each directive could be read
            if (problems.isEmpty()) job.check();
        } catch (Invalid e) {
            problems.add(e.getMessage());
        }
        boolean daemons = job.debugTarget != null;
        List<AppSpec> apps = new ArrayList<>();
        if (body.apps() == null || body.apps().isEmpty()) {
            problems.add("apps: at least one app is required");
        } else if (daemons && body.apps().size() != 1) {
            problems.add("apps: debugger daemons are one app (the tool), got " + body.apps().size());
        } else {
            for (int i = 0; i < body.apps().size(); i++) {
                AppSpec app = app(body.apps().get(i), "apps[" + i + "]", appDefaults, daemons, problems, report);
                if (app != null) apps.add(app);
            }
        }
        int ranks = apps.stream().mapToInt(AppSpec::maxprocs).sum();
        if (job.stdinRank != null && (daemons || job.stdinRank >= ranks)) {
            problems.add("jobInfo.PMIX_STDIN_TGT must be a rank of the new job, from 0 to " + (ranks - 1) + ", got "
                    + job.stdinRank + (daemons ? " (debugger daemons read no stdin)" : ""));
        }
        if (!problems.isEmpty()) throw new InvalidSpawn(problems);

        jobInfo.put(API_KEY, "v2");
        if (job.stdinRank != null) jobInfo.put(STDIN_KEY, Integer.toString(job.stdinRank));
        if (job.jobTimeout != null && job.jobTimeout > 0) jobInfo.put(TIMEOUT_KEY, Integer.toString(job.jobTimeout));
        if (job.notify) jobInfo.put(NOTIFY_KEY, "true");
        if (daemons) {
            jobInfo.put(DEBUG_TARGET_KEY, Long.toString(job.debugTarget));
            jobInfo.put(DEBUG_MODE_KEY, job.perProc ? "per-proc" : "per-node");
        }
        String unknown = names(report, DirectiveReport.Status.UNKNOWN);
        if (!unknown.isEmpty()) jobInfo.put(UNKNOWN_KEY, unknown);
        String notApplied = names(report, DirectiveReport.Status.NOT_APPLIED);
        if (!notApplied.isEmpty()) jobInfo.put(NOT_APPLIED_KEY, notApplied);
        if (submitter != null) jobInfo.put(SUBMITTED_BY, submitter);
        Duration spawnTimeout = job.spawnTimeout == null || job.spawnTimeout == 0 ? null
                : Duration.ofSeconds(job.spawnTimeout);
        SpawnRequested request = new SpawnRequested(meta, requestId, null, null, apps, Map.of(), jobInfo, pmiEndpoint);
        return new Mapped(request, List.copyOf(report), spawnTimeout, daemons);
    }

    private static String names(List<DirectiveReport> report, DirectiveReport.Status status) {
        return String.join(",", report.stream().filter(r -> r.status() == status).map(DirectiveReport::name)
                .distinct().toList());
    }

    static DirectiveReport unknown(String name, String scope, JsonNode value) {
        return new DirectiveReport(name, scope, PmixValues.shown(value), DirectiveReport.Status.UNKNOWN,
                "not a directive kpm knows; recorded on the job, not applied");
    }

    private static AppSpec app(PmixSpawnBody.App app, String where, Map<String, JsonNode> defaults, boolean daemons,
            List<String> problems, List<DirectiveReport> report) {
        if (app == null) {
            problems.add(where + " must be an object");
            return null;
        }
        int before = problems.size();
        Map<String, String> info = new LinkedHashMap<>();

        // argv[0] is the program's name, as in PMIx and exec(3); an app may name its program there alone
        List<String> argv = app.argv() == null ? List.of() : app.argv();
        for (int j = 0; j < argv.size(); j++) {
            if (argv.get(j) == null) problems.add(where + ".argv[" + j + "] is null");
            else if (argv.get(j).indexOf('\0') >= 0) problems.add(where + ".argv[" + j + "] contains a NUL character");
        }
        String cmd = app.cmd() == null || app.cmd().isBlank() ? (argv.isEmpty() ? null : argv.get(0)) : app.cmd();
        if (cmd == null || cmd.isBlank()) problems.add(where + ".cmd is empty and there is no argv[0] to run");
        else if (cmd.indexOf('\0') >= 0) problems.add(where + ".cmd contains a NUL character");
        List<String> args = argv.isEmpty() ? List.of() : argv.subList(1, argv.size());
        if (cmd != null && !argv.isEmpty() && argv.get(0) != null && !argv.get(0).equals(cmd)
                && !argv.get(0).equals(basename(cmd))) {
            info.put(ARGV0_KEY, argv.get(0));
            report.add(new DirectiveReport("argv[0]", where, argv.get(0), DirectiveReport.Status.NOT_APPLIED,
                    "a rank's argv[0] is the path kpm resolves cmd to; the name given is recorded, not applied"));
        }

        Map<String, String> env = env(app.env(), where + ".env", problems);
        if (app.cwd() != null && app.cwd().indexOf('\0') >= 0) problems.add(where + ".cwd contains a NUL character");

        int maxprocs = 1;
        if (daemons) {
            // the target decides how many; a count given is kept for the record
            if (app.maxprocs() != null && !app.maxprocs().isNull()) info.put("maxprocs", PmixValues.shown(app.maxprocs()));
        } else {
            Integer max = count(app.maxprocs(), where + ".maxprocs", true, problems);
            Integer min = count(app.minprocs(), where + ".minprocs", false, problems);
            if (max != null) maxprocs = max;
            if (min != null && max != null && min > max) {
                problems.add(where + ".minprocs (" + min + ") must not exceed maxprocs (" + max + ")");
            } else if (min != null) {
                info.put(MINPROCS_KEY, Integer.toString(min));
            }
        }

        AppDirectives directives = new AppDirectives();
        Map<String, JsonNode> given = app.info() == null ? Map.of() : app.info();
        // job-level defaults first (already reported), then the app's own, which win
        defaults.forEach((name, value) -> {
            if (given.containsKey(name)) return;
            try {
                directives.apply(name, "jobInfo", value);
            } catch (Invalid e) {
                problems.add(e.getMessage());
            }
        });
        given.forEach((name, value) -> {
            if (value == null || value.isNull()) return;
            info.put(name, PmixValues.shown(value));
            try {
                if (AppDirectives.handles(name)) {
                    report.add(directives.apply(name, where + ".info", value));
                } else if (JobDirectives.handles(name)) {
                    problems.add(where + ".info." + name + " is a job-level directive: give it in jobInfo");
                } else {
                    report.add(unknown(name, where + ".info", value));
                }
            } catch (Invalid e) {
                problems.add(e.getMessage());
            }
        });
        if ("node".equals(directives.rankBy) && !directives.mapByNode) {
            problems.add(where + ": PMIX_RANKBY node needs PMIX_MAPBY node (kpm numbers ranks in mapping order)");
        }
        String wdir = app.cwd() != null && !app.cwd().isBlank() ? app.cwd() : directives.wdir;
        if (app.cwd() != null && !app.cwd().isBlank() && directives.wdir != null && !directives.wdir.equals(app.cwd())) {
            problems.add(where + ".cwd (\"" + app.cwd() + "\") and PMIX_WDIR (\"" + directives.wdir + "\") differ");
        }
        if (daemons && (directives.ppn != null || directives.hosts != null)) {
            problems.add(where + ": debugger daemons go where the target runs: PMIX_MAPBY, PMIX_PPR and PMIX_HOST "
                    + "do not apply");
        }
        if (problems.size() > before) return null;
        return new AppSpec(cmd, args, env, wdir, null, maxprocs, hosts(directives.hosts), directives.ppn, info,
                directives.envOps);
    }

    private static List<String> hosts(String list) {
        if (list == null) return List.of();
        return Arrays.stream(list.split(",")).map(String::strip).filter(h -> !h.isEmpty()).distinct().toList();
    }

    private static String basename(String cmd) {
        int slash = cmd.lastIndexOf('/');
        return slash < 0 ? cmd : cmd.substring(slash + 1);
    }

    private static Integer count(JsonNode node, String where, boolean required, List<String> problems) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            if (required) problems.add(where + " is missing");
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() <= 0) {
            problems.add(where + " must be a positive integer, got " + node);
            return null;
        }
        return node.intValue();
    }

    /** An object of names to values, or PMIx's list of "NAME=value". */
    private static Map<String, String> env(JsonNode env, String where, List<String> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        if (env == null || env.isNull()) return out;
        if (env.isObject()) {
            env.fields().forEachRemaining(e -> put(out, e.getKey(), e.getValue(), where + "." + e.getKey(), problems));
        } else if (env.isArray()) {
            for (int i = 0; i < env.size(); i++) {
                JsonNode item = env.get(i);
                String text = item != null && item.isTextual() ? item.asText() : null;
                int eq = text == null ? -1 : text.indexOf('=');
                if (eq <= 0) {
                    problems.add(where + "[" + i + "] must be \"NAME=value\", got " + item);
                } else {
                    put(out, text.substring(0, eq), new TextNode(text.substring(eq + 1)),
                            where + "[" + i + "]", problems);
                }
            }
        } else {
            problems.add(where + " must be an object of names to values or a list of \"NAME=value\", got " + env);
        }
        return out;
    }

    private static void put(Map<String, String> out, String name, JsonNode value, String where, List<String> problems) {
        if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            problems.add(where + ": \"" + name.replace("\0", "\\0") + "\" is not an environment name (non-empty, "
                    + "without '=' or NUL)");
        } else if (value == null || !value.isTextual()) {
            problems.add(where + " must be a string, got " + value);
        } else if (value.asText().indexOf('\0') >= 0) {
            problems.add(where + " contains a NUL character");
        } else {
            out.put(name, value.asText());
        }
    }
}
