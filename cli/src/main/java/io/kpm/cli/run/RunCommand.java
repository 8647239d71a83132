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

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kpm.cli.CliFailure;
import io.kpm.cli.KpmHome;
import io.kpm.cli.http.GatewayClient;
import io.kpm.cli.http.GatewayProblem;
import io.kpm.cli.http.GatewayUnreachable;
import io.kpm.cli.http.JobView;
import io.kpm.cli.http.NodeView;
import io.kpm.cli.http.SpawnAccepted;
import io.kpm.cli.stack.GatewayLocator;
import io.kpm.cli.stack.StackLayout;
import io.kpm.cli.stack.StackToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a program as N ranks of one job, like mpiexec.",
                "",
                "Streams every rank's stdout and stderr, and those of the groups the ranks spawn (waiting for "
                        + "them to end too), forwards Ctrl-C as a kill of the job and its spawned groups, and exits "
                        + "with the largest exit code of the job's ranks (128+signal for a signalled rank). Without "
                        + "a running stack (`kpm up`) it starts a private one for this run."},
        footer = {"", "Examples:",
                "  kpm run -n 4 -- hostname",
                "  kpm run -n 6 --ppn 2 -l -- sh -c 'echo $PMI_RANK on $KPM_NODE_ID'",
                "  kpm run -n 4 --hosts node-0,node-1 --env OMP_NUM_THREADS=1 -- ./a.out",
                "  kpm run -n 8 -f hosts.txt -- ./a.out   (lines: host[:cores])"})
public final class RunCommand implements Callable<Integer> {

    static final String PRIVATE_STACK_NOTICE = "kpm: no kpm stack is running; starting a private one for this run"
            + " (run `kpm up` to keep one running for faster runs)";
    private static final long NO_NODE_RETRY_MILLIS = 10_000;

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "-np"}, required = true, paramLabel = "N", description = "Number of ranks to start.")
    int ranks;

    @Option(names = {"--ppn", "-ppn"}, paramLabel = "P", description = "Ranks per node (default: each node's core count).")
    Integer ppn;

    @Option(names = {"--hosts", "-hosts", "-host"}, paramLabel = "a,b", split = ",",
            description = "Place ranks only on these nodes, in this order (node ids or hostnames).")
    List<String> hosts;

    @Option(names = {"-f", "--hostfile", "-hostfile", "-machinefile"}, paramLabel = "FILE",
            description = "Like --hosts, from a file of host[:cores] lines (# comments); equal cores become --ppn.")
    Path hostfile;

    @Option(names = {"--wdir", "-wdir"}, paramLabel = "DIR", description = "Working directory of the ranks (default: the current one).")
    Path wdir;

    @Option(names = "--env", paramLabel = "K=V", description = "Set a variable for the ranks (repeatable). They get all of kpm's environment too.")
    List<String> envOverrides = new ArrayList<>();

    @Option(names = {"-l", "--label", "-prepend-rank"}, description = "Prefix every output line with the rank: \"[rank] \", "
            + "\"[pgid,rank] \" for a spawned group.")
    boolean label;

    @Option(names = "--gateway", paramLabel = "URL", description = "The gateway to use (default: $KPM_GATEWAY, else the stack of `kpm up`, else a private stack).")
    String gateway;

    @Option(names = {"-genv", "-env"}, arity = "2", paramLabel = "NAME VALUE",
            description = "Hydra's spelling of --env NAME=VALUE (repeatable).")
    List<String> hydraEnv = new ArrayList<>();

    @Option(names = "-genvall", description = "Pass the caller's whole environment (the default, as Hydra's).")
    boolean genvAll;

    @Option(names = "-genvnone", description = "Pass none of the caller's environment: the ranks get the node "
            + "agent's, then --env/-genv.")
    boolean genvNone;

    @Option(names = "-envlist", paramLabel = "A,B", split = ",",
            description = "Pass only these variables of the caller's environment, then --env/-genv.")
    List<String> envList;

    @Option(names = {"--timeout", "-timeout"}, paramLabel = "S",
            description = "Kill the job when it has run S seconds (default: $MPIEXEC_TIMEOUT, as mpiexec); exit 255.")
    Integer timeout;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The program and its arguments (put them after --).")
    List<String> command;

    @Override
    public Integer call() {
        RunRequest request = request(System.getenv(), Path.of("").toAbsolutePath());
        PrintStream err = System.err;
        InterruptForwarder interrupt = new InterruptForwarder(err);
        interrupt.install();
        PrivateStack privateStack = null;
        try {
            StackLayout stack = new StackLayout(KpmHome.defaultStateDir());
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
            RankOutput output = outputOf(null);
            interrupt.gateway(client, output);
            SpawnAccepted job = spawn(client, request, interrupt);
            SpawnedGroupsFollower spawned = new SpawnedGroupsFollower(client, job.pgid(), this::outputOf, err);
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

    /** Where the output of the job (null) or of a group its ranks spawned goes. */
    private RankOutput outputOf(Long spawnedPgid) {
        return label ? new RankLinePrefixer(System.out, System.err, spawnedPgid) : new RawOutput(System.out, System.err);
    }

    /** Spawns; a stack just started may have healthy agents the scheduler has not seen yet, so "no node" is retried then. */
    /** {@code --timeout}, else mpiexec's {@code MPIEXEC_TIMEOUT}; null: no limit. */
    private Integer timeLimit() {
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

    private SpawnAccepted spawn(GatewayClient client, RunRequest request, InterruptForwarder interrupt) {
        long giveUp = System.currentTimeMillis() + NO_NODE_RETRY_MILLIS;
        Long pgid = null;
        // one id for every attempt: a request re-sent after a lost answer is the same job, never a second one
        ObjectNode body = request.toJson();
        body.put("requestId", UUID.randomUUID().toString());
        Integer limit = timeLimit();
        if (limit != null) body.with("jobInfo").put("timeout", limit.toString());
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
                    if (e.status() != 503 || System.currentTimeMillis() > giveUp || !anyNodeUp(client)) {
                        throw new CliFailure(e.getMessage());
                    }
                    sleep(500);
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

    /** The spawn request these options and arguments make, for a caller with this environment and directory. */
    RunRequest request(Map<String, String> callerEnv, Path callerCwd) {
        if (ranks < 1) throw usage("-n must be at least 1, got " + ranks);
        if (ppn != null && ppn < 1) throw usage("--ppn must be at least 1, got " + ppn);
        if (hosts != null && hostfile != null) throw usage("give either --hosts or -f/--hostfile, not both");
        if (command == null || command.isEmpty() || command.get(0).isBlank()) throw usage("no program to run (give it after --)");
        List<String> hostList = hosts == null ? List.of() : hosts.stream().map(String::strip).toList();
        if (hostList.stream().anyMatch(String::isEmpty)) throw usage("--hosts has an empty host name: " + String.join(",", hosts));
        Integer ranksPerNode = ppn;
        if (hostfile != null) {
            Hostfile file;
            try {
                file = Hostfile.read(callerCwd.resolve(hostfile));
            } catch (IllegalArgumentException e) {
                throw new CliFailure(CliFailure.USAGE, e.getMessage());
            }
            hostList = file.names();
            if (ranksPerNode == null) ranksPerNode = file.uniformCores().orElse(null);
            if (ranksPerNode == null && file.hasCores()) {
                System.err.println("kpm run: the hostfile gives different core counts; kpm places one count per node"
                        + " for all hosts (--ppn), so each node's own core count is used");
            }
        }
        if (genvNone && envList != null) throw usage("give either -genvnone or -envlist, not both");
        Map<String, String> env = new LinkedHashMap<>();
        if (envList != null) {
            for (String name : envList) if (callerEnv.containsKey(name.strip())) env.put(name.strip(), callerEnv.get(name.strip()));
        } else if (!genvNone) {
            env.putAll(callerEnv);
        }
        for (int i = 0; i + 1 < hydraEnv.size(); i += 2) env.put(hydraEnv.get(i), hydraEnv.get(i + 1));
        for (String override : envOverrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) throw usage("--env needs NAME=VALUE, got \"" + override + "\"");
            env.put(override.substring(0, eq), override.substring(eq + 1));
        }
        String cwd = (wdir == null ? callerCwd : callerCwd.resolve(wdir)).normalize().toString();
        return new RunRequest(command.get(0), command.subList(1, command.size()), env, cwd, ranks, hostList,
                ranksPerNode);
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
