package io.kpm.cli;

import java.io.PrintWriter;

import io.kpm.cli.debug.DebugCommand;
import io.kpm.cli.history.EventsCommand;
import io.kpm.cli.history.OutputCommand;
import io.kpm.cli.history.PmiLogCommand;
import io.kpm.cli.replay.ReplayCommand;
import io.kpm.cli.run.RunCommand;
import io.kpm.cli.stack.DownCommand;
import io.kpm.cli.stack.StatusCommand;
import io.kpm.cli.stack.UpCommand;
import io.kpm.cli.topics.TopicsCommand;
import io.kpm.cli.view.DashboardCommand;
import io.kpm.cli.view.JobsCommand;
import io.kpm.cli.view.NodesCommand;
import io.kpm.cli.view.DrainCommand;
import io.kpm.cli.stack.AgentCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kpm} command: starts and stops the stack, runs jobs like {@code mpiexec}, lists jobs and nodes. */
@Command(name = "kpm",
        mixinStandardHelpOptions = true,
        versionProvider = KpmVersion.class,
        description = "A process manager for MPI jobs, built as event-driven services on Apache Kafka.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, RunCommand.class,
                JobsCommand.class, NodesCommand.class, DrainCommand.class, DrainCommand.Undrain.class,
                AgentCommand.class, EventsCommand.class, OutputCommand.class, PmiLogCommand.class,
                ReplayCommand.class, DebugCommand.class,
                TopicsCommand.class,
                DashboardCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  kpm run -n 4 -- hostname     4 ranks (a private stack if none is up)",
                "  kpm up --nodes 2 --cores 2   keep a stack of 2 simulated nodes running",
                "  kpm jobs; kpm nodes; kpm down",
                "  kpm dashboard                the web dashboard's address (with the token)",
                "  kpm agent --kafka head:7700   this machine joins a cluster as a node",
                "  kpm drain node-1; kpm undrain node-1   no new ranks on node-1, and back",
                "  kpm events 3; kpm output 3; kpm pmi-log 3   a job's history",
                "  kpm replay --jobs --check    every job rebuilt from the log, decisions re-made",
                "  kpm topics; kpm topics set kpm.proc.output retention=7d   retention of kpm's topics",
                "",
                "`kpm COMMAND --help` tells more about each command."})
public final class Kpm implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        System.out.flush();
        System.exit(code);
    }

    /** The configured command line, also what tests execute. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Kpm());
        // mpiexec style: everything from the program name on belongs to the program, `--` or not
        cli.getSubcommands().get("run").setStopAtPositional(true);
        cli.setExecutionExceptionHandler(Kpm::handleFailure);
        return cli;
    }

    private static int handleFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        String who = cli.getCommandSpec().qualifiedName();
        if (e instanceof CliFailure failure) {
            err.println(who + ": " + failure.getMessage());
            err.flush();
            return failure.exitCode();
        }
        err.println(who + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        if (System.getenv("KPM_DEBUG") != null) e.printStackTrace(err);
        err.flush();
        return 1;
    }
}
