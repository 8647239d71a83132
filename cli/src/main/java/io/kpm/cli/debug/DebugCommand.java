package io.kpm.cli.debug;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kpm.cli.CliFailure;
import io.kpm.cli.http.GatewayClient;
import io.kpm.cli.http.GatewayProblem;
import io.kpm.cli.http.GatewayUnreachable;
import io.kpm.cli.http.JobView;
import io.kpm.cli.http.SpawnAccepted;
import io.kpm.cli.run.JobExitStatus;
import io.kpm.cli.run.JobOutputFollower;
import io.kpm.cli.run.RankLinePrefixer;
import io.kpm.cli.run.RankOutput;
import io.kpm.cli.run.RawOutput;
import io.kpm.cli.view.GatewayOption;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kpm debug PGID --per-node|--per-proc -- tool args}: debugger daemons beside a running job, through
 * {@code POST /api/v2/spawn} with PMIx's debugger directives. Streams the daemons' output like {@code kpm run};
 * they end with the job they debug, or on their own.
 */
@Command(name = "debug", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Start debugger daemons beside the ranks of a running job: one on each of its nodes "
                + "(--per-node) or one beside each of its ranks (--per-proc). Each daemon gets the job's pgid, the "
                + "ranks it serves and their pids, and the job's PMI endpoint in KPM_DEBUG_TARGET_PGID, "
                + "KPM_DEBUG_RANKS, KPM_DEBUG_PIDS, KPM_DEBUG_TARGET_PMI_PORT (docs/pmix-spawn.md). The daemons are a "
                + "job of their own, not ranks of the target; they end when the target ends. Prints their output and "
                + "exits with their exit code (0 when they were ended with the target)."},
        footer = {"", "Examples:", "  kpm debug 3 --per-node -- sh -c 'echo $KPM_NODE_ID: $KPM_DEBUG_PIDS'",
                "  kpm debug 3 --per-proc -l -- sh -c 'exec gdb -batch -ex bt -p $KPM_DEBUG_PIDS'"})
public final class DebugCommand implements Callable<Integer> {

    static final class Mode {
        @Option(names = "--per-node", required = true, description = "One daemon on each node of the job.")
        boolean perNode;

        @Option(names = "--per-proc", required = true, description = "One daemon beside each rank of the job.")
        boolean perProc;
    }

    @Parameters(index = "0", paramLabel = "PGID", description = "The job to debug.")
    long pgid;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    @Option(names = "-l", description = "Prefix each line of output with the daemon's rank, as kpm run -l.")
    boolean label;

    @Mixin
    GatewayOption gateway;

    @Parameters(index = "1..*", paramLabel = "TOOL", arity = "1..*", description = "The tool and its arguments (after --).")
    List<String> tool = new ArrayList<>();

    @Override
    public Integer call() {
        GatewayClient client = gateway.client();
        SpawnAccepted daemons;
        try {
            daemons = client.spawnV2(body(pgid, mode.perProc, tool, Path.of("").toAbsolutePath().toString()));
        } catch (GatewayProblem | GatewayUnreachable e) {
            throw new CliFailure("kpm debug: " + e.getMessage());
        }
        System.err.println("kpm debug: job " + daemons.pgid() + " runs the debugger daemons of job " + pgid);
        RankOutput output = label ? new RankLinePrefixer(System.out, System.err) : new RawOutput(System.out, System.err);
        JobView ended = new JobOutputFollower(client, output, System.err).follow(daemons.pgid());
        if (endedWithTarget(ended)) {
            System.err.println("kpm debug: " + ended.reason());
            return 0;
        }
        JobExitStatus status = JobExitStatus.of(ended);
        if (status.message() != null) System.err.println("kpm debug: " + status.message());
        return status.code();
    }

    /** The v2 spawn body: one app, the tool, with PMIx's debugger directives. */
    static ObjectNode body(long target, boolean perProc, List<String> tool, String cwd) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode body = json.objectNode();
        ObjectNode jobInfo = body.putObject("jobInfo");
        jobInfo.put("PMIX_DEBUGGER_DAEMONS", true);
        jobInfo.put("PMIX_DEBUG_TARGET", target);
        jobInfo.put(perProc ? "PMIX_DEBUG_DAEMONS_PER_PROC" : "PMIX_DEBUG_DAEMONS_PER_NODE", 1);
        ObjectNode app = body.putArray("apps").addObject();
        app.put("cmd", tool.get(0));
        ArrayNode argv = app.putArray("argv");
        tool.forEach(argv::add);
        app.put("cwd", cwd);
        return body;
    }

    /** Ended by the scheduler because the target ended: what daemons are for, not a failure. */
    static boolean endedWithTarget(JobView job) {
        return JobView.ABORTED.equals(job.state()) && job.exitCode() != null && job.exitCode() == 0
                && job.reason() != null && job.reason().startsWith("debugger daemons of job ");
    }
}
