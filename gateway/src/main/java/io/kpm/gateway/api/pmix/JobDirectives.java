package io.kpm.gateway.api.pmix;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.kpm.gateway.api.pmix.AppDirectives.Invalid;

/**
 * The job-level PMIx spawn directives kpm knows (given in {@code jobInfo}): time limits, completion notification,
 * the rank that reads stdin, and debugger daemons with their target. One instance collects one spawn's settings.
 */
final class JobDirectives {

    static final List<String> NAMES = List.of("PMIX_TIMEOUT", "PMIX_SPAWN_TIMEOUT", "PMIX_JOB_TIMEOUT",
            "PMIX_NOTIFY_COMPLETION", "PMIX_DEBUGGER_DAEMONS", "PMIX_DEBUG_TARGET", "PMIX_DEBUG_DAEMONS_PER_NODE",
            "PMIX_DEBUG_DAEMONS_PER_PROC", "PMIX_STDIN_TGT");

    Integer spawnTimeout;
    Integer jobTimeout;
    boolean notify;
    boolean daemons;
    Long debugTarget;
    Integer stdinRank;
    boolean perNode;
    boolean perProc;

    static boolean handles(String name) {
        return NAMES.contains(name);
    }

    DirectiveReport apply(String name, JsonNode value) throws Invalid {
        String field = "jobInfo." + name;
        String shown = PmixValues.shown(value);
        return switch (name) {
            case "PMIX_TIMEOUT", "PMIX_SPAWN_TIMEOUT" -> {
                spawnTimeout = PmixValues.seconds(field, value);
                yield applied(name, shown, spawnTimeout == 0 ? "no limit of its own: the gateway's spawn timeout"
                        : "the spawn is answered within " + spawnTimeout + " s (or the gateway's spawn timeout, if "
                                + "shorter); a spawn not started by then is answered 504 and never runs");
            }
            case "PMIX_JOB_TIMEOUT" -> {
                jobTimeout = PmixValues.seconds(field, value);
                yield applied(name, shown, jobTimeout == 0 ? "no time limit"
                        : "the job's time limit (jobInfo.timeout): aborted with exit code 255 after " + jobTimeout + " s");
            }
            case "PMIX_NOTIFY_COMPLETION" -> {
                notify = PmixValues.bool(field, value);
                yield applied(name, shown, "placed, running and terminated notifications at the answer's "
                        + "notifications URL (server-sent events or long-poll); they are there for every job");
            }
            case "PMIX_DEBUGGER_DAEMONS" -> {
                daemons = PmixValues.bool(field, value);
                yield applied(name, shown, daemons ? "the apps are debugger daemons of PMIX_DEBUG_TARGET"
                        : "an ordinary job");
            }
            case "PMIX_DEBUG_TARGET" -> {
                debugTarget = target(field, value);
                yield applied(name, shown, "daemons go beside the ranks of job " + debugTarget);
            }
            case "PMIX_DEBUG_DAEMONS_PER_NODE" -> {
                perNode = one(field, value);
                yield applied(name, shown, "one daemon on each node of the target");
            }
            case "PMIX_DEBUG_DAEMONS_PER_PROC" -> {
                perProc = one(field, value);
                yield applied(name, shown, "one daemon beside each rank of the target");
            }
            case "PMIX_STDIN_TGT" -> {
                stdinRank = stdinRank(field, value);
                yield applied(name, shown, "rank " + stdinRank + " reads the job's stdin, fed by POST /api/v1/jobs/{pgid}/stdin "
                        + "(v1's jobInfo.stdin); every other rank reads /dev/null");
            }
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** One rank of the new job: kpm feeds stdin to one rank, as mpiexec does, not to all (PMIx's wildcard). */
    private static int stdinRank(String field, JsonNode value) throws Invalid {
        if (value != null && value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 0) {
            return value.intValue();
        }
        if (value != null && value.isObject() && value.has("rank")) return stdinRank(field + ".rank", value.get("rank"));
        throw new Invalid(field + " must be one rank of the new job (a number from 0; kpm feeds stdin to one rank, "
                + "not to all), got " + value);
    }

    /** The combination: daemons need exactly one target and exactly one of per-node, per-proc. */
    void check() throws Invalid {
        boolean named = debugTarget != null || perNode || perProc;
        if (!daemons) {
            if (named) {
                throw new Invalid("jobInfo: PMIX_DEBUG_TARGET and PMIX_DEBUG_DAEMONS_PER_NODE/_PER_PROC need "
                        + "PMIX_DEBUGGER_DAEMONS true");
            }
            return;
        }
        if (debugTarget == null) throw new Invalid("jobInfo.PMIX_DEBUG_TARGET is missing: debugger daemons need a target job");
        if (perNode == perProc) {
            throw new Invalid("jobInfo: debugger daemons need exactly one of PMIX_DEBUG_DAEMONS_PER_NODE and "
                    + "PMIX_DEBUG_DAEMONS_PER_PROC");
        }
    }

    /** A pgid, the target's kvsname, or PMIx's proc {"nspace": ..., "rank": ...} for the whole job. */
    private static long target(String field, JsonNode value) throws Invalid {
        JsonNode id = value;
        if (value != null && value.isObject()) {
            id = value.get("nspace");
            JsonNode rank = value.get("rank");
            if (rank != null && !rank.isNull() && !(rank.isTextual() && rank.asText().equals("*"))
                    && !(rank.isIntegralNumber() && rank.longValue() < 0)) {
                throw new Invalid(field + ".rank: kpm debugs whole jobs; give no rank, \"*\" or -1 (PMIx's wildcard), got "
                        + rank);
            }
        }
        if (id != null && id.isIntegralNumber() && id.canConvertToLong() && id.longValue() >= 0) return id.longValue();
        if (id != null && id.isTextual()) {
            String text = id.asText().strip();
            if (text.startsWith("kvs_kpm_")) text = text.substring("kvs_kpm_".length());
            if (text.matches("[0-9]{1,18}")) return Long.parseLong(text);
        }
        throw new Invalid(field + " must be a pgid, a kvsname (kvs_kpm_N) or {\"nspace\": one of those}, got " + value);
    }

    /** kpm starts one daemon per node or per proc: the count, when a number, must be 1; true means 1. */
    private static boolean one(String field, JsonNode value) throws Invalid {
        if (value != null && value.isBoolean()) return value.booleanValue();
        if (value != null && value.isIntegralNumber() && value.intValue() == 1) return true;
        if (value != null && value.isIntegralNumber() && value.intValue() == 0) return false;
        throw new Invalid(field + ": kpm starts one daemon per node or per proc: give 1 or true, got " + value);
    }

    private static DirectiveReport applied(String name, String value, String detail) {
        return new DirectiveReport(name, "jobInfo", value, DirectiveReport.Status.APPLIED, detail);
    }
}
