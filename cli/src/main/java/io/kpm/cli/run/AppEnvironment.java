package io.kpm.cli.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment of one app group's ranks, by Hydra's rule: which of the caller's variables pass is the
 * group's choice (-envall, -envnone, -envlist) when it makes one, else the job's (-genvall, -genvnone,
 * -genvlist; all by default); then the job's -genv values; then the group's -env and --env values.
 */
final class AppEnvironment {

    private AppEnvironment() {
    }

    /** @throws IllegalArgumentException when a group or the job makes two choices of what passes */
    static Map<String, String> of(Map<String, String> callerEnv, GlobalOptions global, AppOptions local) {
        List<String> passed = choice("-envall", local.envAll, "-envnone", local.envNone, "-envlist", local.envList,
                callerEnv);
        if (passed == null) {
            passed = choice("-genvall", global.genvAll, "-genvnone", global.genvNone, "-genvlist", global.genvList,
                    callerEnv);
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : passed == null ? List.copyOf(callerEnv.keySet()) : passed) {
            if (callerEnv.containsKey(name)) env.put(name, callerEnv.get(name));
        }
        putPairs(env, global.genv);
        putPairs(env, local.env);
        for (String assignment : local.envAssignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--env needs NAME=VALUE, got \"" + assignment + "\"");
            env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        return env;
    }

    /** The names of the caller's variables that pass, or null when this scope makes no choice. */
    private static List<String> choice(String allName, boolean all, String noneName, boolean none, String listName,
            List<String> list, Map<String, String> callerEnv) {
        int given = (all ? 1 : 0) + (none ? 1 : 0) + (list != null ? 1 : 0);
        if (given > 1) {
            throw new IllegalArgumentException("give only one of " + allName + ", " + noneName + " and " + listName);
        }
        if (all) return List.copyOf(callerEnv.keySet());
        if (none) return List.of();
        if (list != null) return list.stream().map(String::strip).toList();
        return null;
    }

    /** -genv/-env values come as NAME VALUE pairs (picocli's arity 2 keeps them in one flat list). */
    private static void putPairs(Map<String, String> env, List<String> pairs) {
        for (int i = 0; i + 1 < pairs.size(); i += 2) env.put(pairs.get(i), pairs.get(i + 1));
    }
}
