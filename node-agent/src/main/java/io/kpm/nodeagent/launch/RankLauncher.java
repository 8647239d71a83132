package io.kpm.nodeagent.launch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.kpm.nodeagent.config.AgentConfig;
import io.kpm.nodeagent.config.NodeIdentity;
import io.kpm.nodeagent.events.EventPublisher;
import io.kpm.nodeagent.input.StdinPipes;
import io.kpm.nodeagent.launch.ExecutableResolver.Failed;
import io.kpm.nodeagent.launch.ExecutableResolver.Found;
import io.kpm.nodeagent.launch.ExecutableResolver.Resolution;
import io.kpm.nodeagent.metrics.AgentMetrics;
import io.kpm.nodeagent.output.ExitReporter;
import io.kpm.nodeagent.process.RankKey;
import io.kpm.nodeagent.process.RankProcess;
import io.kpm.nodeagent.process.RunningRanks;
import io.kpm.schemas.events.LaunchFailure;
import io.kpm.schemas.events.LaunchRequested;
import io.kpm.schemas.events.ProcLaunchFailed;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.RankLaunch;

/**
 * Starts one rank: argv exec'd directly (never through a shell), the rank environment, its working directory,
 * stdin from /dev/null, or a pipe for the launch's {@code stdinRank} (fed from kpm.proc.input), bound to the rank's
 * cpus when it has some ({@link CpuBinding}). Publishes ProcStarted with the pid and the cpus, or ProcLaunchFailed
 * saying why not.
 */
@Singleton
public class RankLauncher {

    private static final Logger LOG = Logger.getLogger(RankLauncher.class);
    private static final Pattern OS_ERROR = Pattern.compile("error=(\\d+), (.*)");

    @Inject
    NodeIdentity node;
    @Inject
    EventPublisher publisher;
    @Inject
    RunningRanks running;
    @Inject
    ExitReporter exits;
    @Inject
    AgentMetrics metrics;
    @Inject
    StdinPipes stdinPipes;

    private final ParentDeathSignal deathSignal;
    private final CpuBinding binding = new CpuBinding();

    @Inject
    RankLauncher(AgentConfig config) {
        this.deathSignal = new ParentDeathSignal(config.parentDeathSignal());
    }

    public void launch(LaunchRequested request, RankLaunch rank) {
        RankKey key = new RankKey(request.pgid(), rank.rank());
        Map<String, String> env = RankEnvironment.of(System.getenv(), request, rank, node.nodeId(),
                node.agentRun());
        env.put("KPM_AGENT_ID", node.agentId());
        Path agentCwd = Path.of("").toAbsolutePath();
        Resolution resolution = ExecutableResolver.resolve(rank.cmd(), rank.path(), rank.wdir(), env.get("PATH"), agentCwd);
        if (resolution instanceof Failed failed) {
            fail(key, failed.reason(), failed.message());
            return;
        }
        Found found = (Found) resolution;
        List<String> command = new ArrayList<>();
        command.add(found.executable().toString());
        command.addAll(rank.argv());
        CpuBinding.Outcome bound = binding.wrap(command, rank.cpus(), node.topology());
        if (bound instanceof CpuBinding.Refused refused) {
            fail(key, LaunchFailure.ERROR, refused.reason());
            return;
        }
        boolean stdinPipe = Integer.valueOf(rank.rank()).equals(request.stdinRank());
        ProcessBuilder builder = new ProcessBuilder(deathSignal.wrap(((CpuBinding.Command) bound).command()))
                .directory(found.workingDir().toFile())
                .redirectInput(stdinPipe ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            builder.environment().clear();
            builder.environment().putAll(env);
            long forkStart = System.nanoTime();
            process = ParentDeathSignal.fork(builder);
            metrics.fork().record(System.nanoTime() - forkStart, TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            failFromOs(key, found.executable(), e);
            return;
        } catch (IllegalArgumentException e) {
            // e.g. a variable name with '=' or a NUL byte in the app's env: the OS cannot take it
            fail(key, LaunchFailure.ERROR, "cannot start " + found.executable() + ": " + e.getMessage());
            return;
        }
        // the pipe is registered before ProcStarted, which is what the gateway waits for before taking stdin
        if (stdinPipe) stdinPipes.open(key, process);
        RankProcess started = new RankProcess(key, process);
        running.add(started);
        metrics.launched();
        LOG.infof("started %s: %s", started, command);
        // ProcStarted goes out before the pumps exist, so it precedes every output chunk of the rank
        publisher.publish(new ProcStarted(node.meta(), key.pgid(), key.rank(), node.nodeId(), process.pid(),
                node.agentRun(), rank.cpus()));
        exits.follow(started);
    }

    private void failFromOs(RankKey key, Path executable, IOException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        Matcher m = OS_ERROR.matcher(message);
        if (m.find()) {
            int errno = Integer.parseInt(m.group(1));
            String osText = m.group(2);
            // the file may have changed between the resolver's check and exec
            LaunchFailure reason = switch (errno) {
                case 2 -> LaunchFailure.NOT_FOUND;
                case 13 -> LaunchFailure.NOT_EXECUTABLE;
                default -> LaunchFailure.ERROR;
            };
            fail(key, reason, executable + ": " + osText);
        } else {
            fail(key, LaunchFailure.ERROR, executable + ": " + message);
        }
    }

    void fail(RankKey key, LaunchFailure reason, String message) {
        LOG.warnf("cannot start %s: %s (%s)", key, message, reason);
        metrics.launchFailed(reason);
        publisher.publish(new ProcLaunchFailed(node.meta(), key.pgid(), key.rank(), node.nodeId(), reason, message));
    }
}
