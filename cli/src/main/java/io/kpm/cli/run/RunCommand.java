package io.kpm.cli.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kpm.cli.CliFailure;
import io.kpm.cli.http.GatewayClient;
import io.kpm.cli.http.GatewayProblem;
import io.kpm.cli.http.GatewayUnreachable;
import io.kpm.cli.http.JobView;
import io.kpm.cli.http.NodeView;
import io.kpm.cli.http.SpawnAccepted;
import io.kpm.cli.stack.GatewayLocator;
import io.kpm.cli.stack.StackLayout;
import io.kpm.cli.stack.StackToken;
import io.kpm.cli.stack.StateDirOption;
import io.kpm.schemas.cpu.BindingPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a program as N ranks of one job, like mpiexec.",
                "",
                "Streams every rank's stdout and stderr, and those of the groups the ranks spawn (waiting for "
                        + "them to end too), forwards Ctrl-C as a kill of the job and its spawned groups, and exits "
                        + "with the largest exit code of the job's ranks (128+signal for a signalled rank). Without "
                        + "a running stack (`kpm up`) it starts a private one for this run.",
                "",
                "Several programs make one job (MPMD) when app groups are separated by \" : \" or read from "
                        + "-configfile: ranks are numbered across the groups in order and each group's index is its "
                        + "ranks' MPI_APPNUM. As in Hydra, the options listed first apply to the whole job wherever "
                        + "they stand; those from -n on belong to the app group they stand in (before the first "
                        + "program: the first group).",
                "",
                "Each option names its Hydra (mpiexec.hydra) equivalent; \"kpm only\" marks those Hydra does not have. "
                        + "Where kpm differs from Hydra: docs/mpiexec.md.",
                ""},
        footer = {"", "Examples:",
                "  kpm run -n 4 -- hostname",
                "  kpm run -n 6 --ppn 2 -l -- sh -c 'echo $PMI_RANK on $KPM_NODE_ID'",
                "  kpm run -n 4 --hosts node-0,node-1 --env OMP_NUM_THREADS=1 -- ./a.out",
                "  kpm run -n 8 -f hosts.txt -- ./a.out   (lines: host[:cores])",
                "  kpm run -genv OMP_NUM_THREADS 1 -n 1 ./master : -n 4 -env ROLE w ./worker",
                "  kpm run -configfile app.conf           (lines: -n 1 ./master / -n 4 ./worker)",
                "  kpm run -n 4 -outfile-pattern out.%%r -errfile-pattern err.%%r ./a.out",
                "  kpm run -n 4 -bind-to core -map-by socket -print-bindings ./a.out"})
public final class RunCommand implements Callable<Integer> {

    static final String PRIVATE_STACK_NOTICE = "kpm: no kpm stack is running; starting a private one for this run"
            + " (run `kpm up` to keep one running for faster runs)";
    private static final long NO_NODE_RETRY_MILLIS = 10_000;

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global = new GlobalOptions();

    @Mixin
    AppOptions first = new AppOptions();

    @Option(names = "--gateway", paramLabel = "URL", description = "The gateway to use (default: $KPM_GATEWAY, else the stack of `kpm up`, else a private stack; "
            + "kpm only).")
    String gateway;

    @Mixin
    StateDirOption stateDir;

    @Option(names = "--request-id", paramLabel = "ID",
            description = "The job's idempotency key (1 to 128 of A-Z a-z 0-9 . _ : -): a kpm run with the id of a job "
                    + "submitted before follows that job instead of starting another, and one refused before is refused "
                    + "again (default: a new random id; kpm only).")
    String requestId;

    @Option(names = "-configfile", paramLabel = "FILE",
            description = "Read the app groups from FILE, one a line as on this command line, # comments "
                    + "(Hydra: -configfile; no program may be given with it).")
    Path configfile;

    @Parameters(arity = "0..*", paramLabel = "CMD",
            description = "The program and its arguments (after -- if they look like options); \" : \" starts the "
                    + "next app group, with its own options and program (Hydra's MPMD syntax).")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        RunPlan plan = plan(System.getenv(), Path.of("").toAbsolutePath());
        PrintStream err = System.err;
        InterruptForwarder interrupt = new InterruptForwarder(err);
        interrupt.install();
        PrivateStack privateStack = null;
        try {
            StackLayout stack = stateDir.layout();
            Optional<String> located = GatewayLocator.locate(gateway, System.getenv(), stack);
            String url;
            String token;
            if (located.isPresent()) {
                url = located.get();
                token = StackToken.find(System.getenv(), stack).orElse(null);
            } else {
                err.println(PRIVATE_STACK_NOTICE);
                privateStack = new PrivateStack(err);
                interrupt.privateStack(privateStack);
                url = privateStack.start();
                token = privateStack.token();
            }
            GatewayClient client = new GatewayClient(url, token);
            AtomicLong pgid = new AtomicLong(-1);
            JobOutputs outputs = new JobOutputs(plan, client, Path.of("").toAbsolutePath(), System.out, err);
            RankOutput output = outputs.forJob(pgid::get);
            interrupt.gateway(client, output);
            SpawnAccepted job = spawn(client, plan, interrupt);
            pgid.set(job.pgid());
            if (plan.global().printBindings) new BindingReport(client, System.out).print(job.pgid());
            // every rank has started (the spawn answered): rank 0 reads kpm run's stdin from now on
            new StdinForwarder(client, job.pgid(), System.in, err).start();
            SpawnedGroupsFollower spawned = new SpawnedGroupsFollower(client, job.pgid(), outputs::forSpawned, err);
            interrupt.spawnedGroups(spawned);
            spawned.start();
            JobView ended = new JobOutputFollower(client, output, err).follow(job.pgid());
            List<JobView> spawnedEnds = spawned.awaitAll();
            if (interrupt.interrupted()) return InterruptForwarder.EXIT_INTERRUPTED;
            // the job's own end first, then what became of the groups it spawned
            JobExitStatus status = JobExitStatus.of(ended);
            if (status.message() != null) err.println("kpm run: " + status.message());
            for (JobView group : spawnedEnds) {
                String notice = JobExitStatus.spawnedNotice(group);
                if (notice != null) err.println("kpm run: " + notice);
            }
            return status.code();
        } catch (GatewayUnreachable e) {
            throw new CliFailure(e.getMessage());
        } finally {
            if (interrupt.finish()) {
                if (privateStack != null) privateStack.close();
                interrupt.cleanedUp();
            } else {
                InterruptForwarder.parkUntilHalted();
            }
        }
    }

    /** {@code --timeout}, else mpiexec's {@code MPIEXEC_TIMEOUT}; null: no limit. */
    private static Integer timeLimit(Integer timeout) {
        Integer limit = timeout;
        String env = System.getenv("MPIEXEC_TIMEOUT");
        if (limit == null && env != null && !env.isBlank()) {
            try {
                limit = Integer.parseInt(env.trim());
            } catch (NumberFormatException e) {
                throw new CliFailure(CliFailure.USAGE, "MPIEXEC_TIMEOUT must be a whole number of seconds, got \"" + env + "\"");
            }
        }
        if (limit != null && limit <= 0) throw new CliFailure(CliFailure.USAGE, "the timeout must be at least 1 s, got " + limit);
        return limit;
    }

    /** Attempts of a spawn whose answer did not arrive (connection refused or broken), with the same request id. */
    private static final int SPAWN_RETRIES = 3;

    /** Spawns; a stack just started may have healthy agents the scheduler has not seen yet, so "no node" is retried then. */
    private SpawnAccepted spawn(GatewayClient client, RunPlan plan, InterruptForwarder interrupt) {
        long giveUp = System.currentTimeMillis() + NO_NODE_RETRY_MILLIS;
        Long pgid = null;
        // one id for every attempt: a request re-sent after a lost answer is the same job, never a second one
        ObjectNode body = plan.request().toJson();
        body.put("requestId", requestId != null ? requestId : UUID.randomUUID().toString());
        Integer limit = timeLimit(plan.global().timeout);
        if (limit != null) body.with("jobInfo").put("timeout", limit.toString());
        // as mpiexec: kpm run's stdin goes to rank 0, the other ranks read /dev/null
        body.with("jobInfo").put("stdin", "0");
        if (plan.global().bindTo != null) body.with("jobInfo").put(BindingPolicy.BIND_TO, plan.global().bindTo);
        if (plan.global().mapBy != null) body.with("jobInfo").put(BindingPolicy.MAP_BY, plan.global().mapBy);
        int unreachable = 0;
        try {
            while (true) {
                try {
                    SpawnAccepted accepted = client.spawn(body);
                    pgid = accepted.pgid();
                    return accepted;
                } catch (GatewayUnreachable e) {
                    // the answer may have been lost after the gateway took the request: ask again, same id
                    if (++unreachable > SPAWN_RETRIES) throw e;
                    sleep(500L * unreachable);
                } catch (GatewayProblem e) {
                    if (e.status() != 503 || requestId != null || System.currentTimeMillis() > giveUp
                            || !anyNodeUp(client)) {
                        throw new CliFailure(e.getMessage());
                    }
                    sleep(500);
                    // that request was refused for good (a request id is answered once): ask anew under a new id
                    body.put("requestId", UUID.randomUUID().toString());
                }
            }
        } finally {
            interrupt.spawned(pgid);
        }
    }

    private static boolean anyNodeUp(GatewayClient client) {
        try {
            return client.nodes().stream().anyMatch(NodeView::up);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The job these options and arguments ask for, for a caller with this environment and directory. */
    RunPlan plan(Map<String, String> callerEnv, Path callerCwd) {
        return RunPlan.of(new RunPlan.Input(global, first, command, configfile), callerEnv, callerCwd, this::usage);
    }

    private ParameterException usage(String problem) {
        return new ParameterException(spec.commandLine(), problem);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
    }
}
