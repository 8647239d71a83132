package io.kpm.cli.run;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

import io.kpm.cli.http.GatewayClient;

/**
 * Where the output of the job and of the groups its ranks spawn goes: the terminal, raw or rank-labelled
 * ({@code -l}), or per-rank files ({@code -outfile-pattern}/{@code -errfile-pattern}), labelled the same way.
 */
final class JobOutputs {

    private final RunPlan plan;
    private final GatewayClient gateway;
    private final Path base;
    private final PrintStream out;
    private final PrintStream err;

    JobOutputs(RunPlan plan, GatewayClient gateway, Path base, PrintStream out, PrintStream err) {
        this.plan = plan;
        this.gateway = gateway;
        this.base = base;
        this.out = out;
        this.err = err;
    }

    /** The job's own output; its pgid is asked only when the first output arrives (after the spawn). */
    RankOutput forJob(LongSupplier pgid) {
        return output(null, pgid);
    }

    /** The output of a group the job's ranks spawned. */
    RankOutput forSpawned(long pgid) {
        return output(pgid, () -> pgid);
    }

    private RankOutput output(Long spawnedPgid, LongSupplier pgid) {
        BiFunction<OutputStream, OutputStream, RankOutput> format = plan.global().label
                ? (o, e) -> new RankLinePrefixer(o, e, spawnedPgid)
                : RawOutput::new;
        RankOutput terminal = format.apply(out, err);
        if (plan.stdoutFiles() == null && plan.stderrFiles() == null) return terminal;
        return new RankFileOutput(plan.stdoutFiles(), plan.stderrFiles(), terminal, pgid,
                new GatewayRankPlaces(gateway, pgid), format, base, err);
    }
}
