package io.kpm.gateway.api.pmix;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import io.kpm.schemas.events.EnvOp;

/**
 * The per-app PMIx spawn directives (given in an app's {@code info}, or in {@code jobInfo} for every app) and what
 * each becomes in kpm: a node list, ranks per node, a working directory, environment operations. One instance
 * collects one app's settings; {@link #apply} returns the report line, or throws {@link Invalid} naming the field.
 */
final class AppDirectives {

    /** The directive's value cannot be honoured or read: the spawn is refused with this message. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** The names this class handles. */
    static final List<String> NAMES = List.of("PMIX_MAPBY", "PMIX_RANKBY", "PMIX_BINDTO", "PMIX_PPR", "PMIX_PREFIX",
            "PMIX_WDIR", "PMIX_HOST", "PMIX_SET_ENVAR", "PMIX_ADD_ENVAR", "PMIX_UNSET_ENVAR", "PMIX_PREPEND_ENVAR",
            "PMIX_APPEND_ENVAR", "PMIX_TAG_OUTPUT");

    Integer ppn;
    boolean mapByNode;
    String rankBy;
    String wdir;
    String hosts;
    final List<EnvOp> envOps = new ArrayList<>();

    static boolean handles(String name) {
        return NAMES.contains(name);
    }

    /** @return APPLIED or NOT_APPLIED with what it became */
    DirectiveReport apply(String name, String scope, JsonNode value) throws Invalid {
        String field = scope + "." + name;
        String shown = PmixValues.shown(value);
        return switch (name) {
            case "PMIX_MAPBY" -> mapBy(field, scope, PmixValues.text(field, value));
            case "PMIX_PPR" -> {
                ppn(field, PmixValues.text(field, value));
                yield applied(name, scope, shown, "ranks per node " + ppn + " (kpm's ppn)");
            }
            case "PMIX_RANKBY" -> {
                rankBy = PmixValues.text(field, value).toLowerCase(Locale.ROOT);
                if (!rankBy.equals("slot") && !rankBy.equals("node")) {
                    throw new Invalid(field + ": kpm numbers ranks in the order it maps them (slot, or node with "
                            + "PMIX_MAPBY node); got \"" + rankBy + "\"");
                }
                yield applied(name, scope, shown, "ranks are numbered in mapping order");
            }
            case "PMIX_BINDTO" -> {
                String to = PmixValues.text(field, value).toLowerCase(Locale.ROOT);
                yield to.equals("none")
                        ? applied(name, scope, shown, "kpm does not bind processes")
                        : new DirectiveReport(name, scope, shown, DirectiveReport.Status.NOT_APPLIED,
                                "kpm does not bind processes to cores or sockets; recorded, not applied");
            }
            case "PMIX_PREFIX" -> {
                String dir = PmixValues.text(field, value);
                if (!dir.startsWith("/")) throw new Invalid(field + " must be an absolute directory, got \"" + dir + "\"");
                String base = dir.endsWith("/") && dir.length() > 1 ? dir.substring(0, dir.length() - 1) : dir;
                envOps.add(new EnvOp(EnvOp.Kind.PREPEND, "PATH", base + "/bin", ":"));
                envOps.add(new EnvOp(EnvOp.Kind.PREPEND, "LD_LIBRARY_PATH", base + "/lib", ":"));
                yield applied(name, scope, shown, base + "/bin prepended to PATH and " + base
                        + "/lib to LD_LIBRARY_PATH on the node (a bare cmd is found there)");
            }
            case "PMIX_WDIR" -> {
                wdir = PmixValues.text(field, value);
                yield applied(name, scope, shown, "working directory");
            }
            case "PMIX_HOST" -> {
                hosts = PmixValues.text(field, value);
                yield applied(name, scope, shown, "the app's node list (kpm's hosts)");
            }
            case "PMIX_SET_ENVAR" -> envars(EnvOp.Kind.SET, name, scope, field, value);
            case "PMIX_ADD_ENVAR" -> envars(EnvOp.Kind.ADD, name, scope, field, value);
            case "PMIX_PREPEND_ENVAR" -> envars(EnvOp.Kind.PREPEND, name, scope, field, value);
            case "PMIX_APPEND_ENVAR" -> envars(EnvOp.Kind.APPEND, name, scope, field, value);
            case "PMIX_UNSET_ENVAR" -> {
                for (String n : PmixValues.texts(field, value)) {
                    PmixValues.envName(field, n);
                    envOps.add(new EnvOp(EnvOp.Kind.UNSET, n, null, null));
                }
                yield applied(name, scope, shown, "unset on the node before the rank starts");
            }
            case "PMIX_TAG_OUTPUT" -> {
                PmixValues.bool(field, value);
                yield applied(name, scope, shown, "output is always tagged: every chunk on kpm.proc.output and the "
                        + "output stream names its rank and stream (kpm run -l prints the tag)");
            }
            default -> throw new IllegalArgumentException(name);
        };
    }

    private DirectiveReport mapBy(String field, String scope, String text) throws Invalid {
        String shown = text;
        String[] parts = text.split(":");
        String policy = parts[0].toLowerCase(Locale.ROOT);
        int modifiersFrom = 1;
        String what;
        switch (policy) {
            case "slot" -> what = "Hydra's fill: each node's cores in turn (kpm's default)";
            case "node" -> {
                mapByNode = true;
                ppnValue(field, 1);
                what = "one rank per node in turn (kpm's ppn 1)";
            }
            case "ppr" -> {
                if (parts.length < 3) throw new Invalid(field + ": ppr needs ppr:N:node, got \"" + text + "\"");
                ppn(field, parts[1] + ":" + parts[2]);
                modifiersFrom = 3;
                what = "ranks per node " + ppn + " (kpm's ppn)";
            }
            default -> throw new Invalid(field + ": kpm maps by slot, node or ppr:N:node (it does not see sockets, "
                    + "cores or caches); got \"" + text + "\"");
        }
        for (int i = modifiersFrom; i < parts.length; i++) {
            String modifier = parts[i].toUpperCase(Locale.ROOT);
            if (!modifier.equals("OVERSUBSCRIBE")) {
                throw new Invalid(field + ": the only modifier kpm takes is OVERSUBSCRIBE (it always may); got \""
                        + parts[i] + "\"");
            }
        }
        return applied("PMIX_MAPBY", scope, shown, what);
    }

    private void ppn(String field, String ppr) throws Invalid {
        String[] parts = ppr.split(":");
        if (parts.length != 2 || !parts[1].equalsIgnoreCase("node")) {
            throw new Invalid(field + ": kpm places N processes per node only (N:node); got \"" + ppr + "\"");
        }
        int n;
        try {
            n = Integer.parseInt(parts[0].trim());
        } catch (NumberFormatException e) {
            throw new Invalid(field + ": N in N:node must be a whole number, got \"" + parts[0] + "\"");
        }
        if (n < 1) throw new Invalid(field + ": N in N:node must be at least 1, got " + n);
        ppnValue(field, n);
    }

    private void ppnValue(String field, int n) throws Invalid {
        if (ppn != null && ppn != n) {
            throw new Invalid(field + " asks for " + n + " rank(s) per node, another directive of the app for " + ppn);
        }
        ppn = n;
    }

    private DirectiveReport envars(EnvOp.Kind kind, String name, String scope, String field, JsonNode value)
            throws Invalid {
        for (EnvOp op : PmixValues.envars(kind, field, value)) envOps.add(op);
        return applied(name, scope, PmixValues.shown(value), switch (kind) {
            case SET -> "set on the node";
            case ADD -> "set on the node unless already set there";
            case PREPEND -> "prepended to the node's value";
            case APPEND -> "appended to the node's value";
            case UNSET -> "unset";
        });
    }

    static DirectiveReport applied(String name, String scope, String value, String detail) {
        return new DirectiveReport(name, scope, value, DirectiveReport.Status.APPLIED, detail);
    }
}
