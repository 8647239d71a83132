package io.kpm.cli.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.kpm.cli.CliFailure;
import io.kpm.schemas.cpu.BindingPolicy;

/**
 * What a {@code kpm run} command line asks for: the spawn request, one app per app group, and the options that
 * apply to the whole job (merged from every group, as Hydra reads them anywhere).
 *
 * <p>The groups are the first one (the options before its program, and the program), then one per {@code :}
 * in the program's words (Hydra's MPMD syntax), or else one per line of a {@code -configfile}.
 */
public record RunPlan(RunRequest request, GlobalOptions global, OutputFilePattern stdoutFiles,
                      OutputFilePattern stderrFiles) {

    /** The parsed command line, before it is checked and put together. */
    public record Input(GlobalOptions global, AppOptions first, List<String> command, Path configfile) {
    }

    private record Group(String where, AppOptions options, List<String> command) {
    }

    /**
     * @param usage makes the exception for a mistake on the command line (picocli's, which prints the usage)
     * @throws CliFailure (usage) for a mistake in the configfile or the hostfile
     */
    public static RunPlan of(Input input, Map<String, String> callerEnv, Path callerCwd,
            Function<String, RuntimeException> usage) {
        // a copy: the later groups' global options are merged into it, never into the parsed command line
        GlobalOptions global = new GlobalOptions();
        global.mergeFrom(input.global());
        List<Group> groups = new ArrayList<>();
        List<List<String>> parts = splitAtColons(input.command());
        if (input.configfile() != null) {
            if (!parts.get(0).isEmpty() || parts.size() > 1 || input.first().ranks != null) {
                // Hydra silently runs the command line's program and ignores the file: say it instead
                throw usage.apply("give either a program or -configfile, not both");
            }
            Path file = callerCwd.resolve(input.configfile()).normalize();
            for (ConfigFile.Line line : fileProblem(() -> ConfigFile.read(file))) {
                String where = "configfile " + file + " line " + line.number();
                AppGroupArgs group = fileProblem(() -> parseGroup(where, line.words()));
                fileProblem(() -> merge(global, group.global, where));
                groups.add(new Group(where, group.local, group.command));
            }
        } else {
            boolean several = parts.size() > 1;
            groups.add(new Group(several ? "app group 1" : null, input.first(), parts.get(0)));
            for (int i = 1; i < parts.size(); i++) {
                String where = "app group " + (i + 1);
                List<String> words = parts.get(i);
                AppGroupArgs group = commandLineProblem(() -> parseGroup(where, words), usage);
                commandLineProblem(() -> merge(global, group.global, where), usage);
                groups.add(new Group(where, group.local, group.command));
            }
        }

        try {
            BindingPolicy.parse(global.bindTo, global.mapBy);
        } catch (IllegalArgumentException e) {
            throw usage.apply("-" + e.getMessage());
        }
        // Hydra reports its bindings under HYDRA_TOPO_DEBUG=1; scripts that set it get kpm's report
        if ("1".equals(callerEnv.get("HYDRA_TOPO_DEBUG"))) global.printBindings = true;
        Integer ppn = global.ppn;
        if (ppn != null && ppn < 1) throw usage.apply("--ppn must be at least 1, got " + ppn);
        JobHosts hosts = JobHosts.of(global, callerCwd, usage);
        if (ppn == null) ppn = hosts.ppn();
        List<RunRequest.App> apps = new ArrayList<>();
        for (Group group : groups) {
            Function<String, RuntimeException> problem = group.where() == null ? usage
                    : group.where().startsWith("configfile") ? m -> new CliFailure(CliFailure.USAGE, group.where() + ": " + m)
                    : m -> usage.apply(group.where() + ": " + m);
            apps.add(app(group, callerEnv, callerCwd, global, hosts.names(), ppn, problem));
        }
        return new RunPlan(new RunRequest(apps), global,
                pattern("-outfile-pattern", global.outfilePattern, callerCwd, usage),
                pattern("-errfile-pattern", global.errfilePattern, callerCwd, usage));
    }

    /**
     * Checks an output file pattern before the job starts; Hydra finds a bad one only at the first output and
     * then fails the job. A directory that does not exist is caught here too when its name has no %.
     */
    private static OutputFilePattern pattern(String option, String value, Path callerCwd,
            Function<String, RuntimeException> usage) {
        if (value == null) return null;
        OutputFilePattern pattern;
        try {
            pattern = new OutputFilePattern(value);
        } catch (IllegalArgumentException e) {
            throw usage.apply(option + ": " + e.getMessage());
        }
        int slash = value.lastIndexOf('/');
        if (slash > 0 && value.lastIndexOf('%', slash) < 0 && !Files.isDirectory(callerCwd.resolve(value.substring(0, slash)))) {
            throw usage.apply(option + ": the directory " + value.substring(0, slash) + " does not exist");
        }
        return pattern;
    }

    private static RunRequest.App app(Group group, Map<String, String> callerEnv, Path callerCwd, GlobalOptions global,
            List<String> jobHosts, Integer ppn, Function<String, RuntimeException> problem) {
        AppOptions options = group.options();
        List<String> command = group.command();
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw problem.apply(group.where() == null ? "no program to run (give it after --)" : "no program to run");
        }
        if (options.ranks == null) throw problem.apply("-n is missing (the number of ranks to start)");
        if (options.ranks < 1) throw problem.apply("-n must be at least 1, got " + options.ranks);
        List<String> hosts = jobHosts;
        if (options.appHosts != null) {
            hosts = options.appHosts.stream().map(String::strip).toList();
            if (hosts.stream().anyMatch(String::isEmpty)) {
                throw problem.apply("--app-hosts has an empty host name: " + String.join(",", options.appHosts));
            }
        }
        Map<String, String> env;
        try {
            env = AppEnvironment.of(callerEnv, global, options);
        } catch (IllegalArgumentException e) {
            throw problem.apply(e.getMessage());
        }
        String cwd = (options.wdir == null ? callerCwd : callerCwd.resolve(options.wdir)).normalize().toString();
        return new RunRequest.App(command.get(0), command.subList(1, command.size()), env, cwd, options.ranks, hosts, ppn);
    }

    /** The program's words cut at each {@code :}; the first part is the first group's program (maybe empty). */
    static List<List<String>> splitAtColons(List<String> words) {
        List<List<String>> parts = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String word : words == null ? List.<String>of() : words) {
            if (word.equals(":")) {
                parts.add(current);
                current = new ArrayList<>();
            } else {
                current.add(word);
            }
        }
        parts.add(current);
        return parts;
    }

    private static AppGroupArgs parseGroup(String where, List<String> words) {
        try {
            return AppGroupArgs.parse(words);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static Void merge(GlobalOptions global, GlobalOptions later, String where) {
        try {
            global.mergeFrom(later);
            return null;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static <T> T fileProblem(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.USAGE, e.getMessage());
        }
    }

    private static <T> T commandLineProblem(java.util.function.Supplier<T> step, Function<String, RuntimeException> usage) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw usage.apply(e.getMessage());
        }
    }
}
