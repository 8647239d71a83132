package io.kpm.nodeagent.kill;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.kpm.nodeagent.config.AgentConfig;
import io.kpm.nodeagent.config.NodeIdentity;
import io.kpm.nodeagent.metrics.AgentMetrics;
import io.kpm.nodeagent.process.RankProcess;
import io.kpm.nodeagent.process.RunningRanks;
import io.kpm.schemas.events.KillRequested;

/**
 * Kills a job's processes on KillRequested, and every process of the node when the agent stops. The ranks are
 * marked killed before the first signal, so their ProcExited says killed=true.
 */
@Singleton
public class KillService {

    private static final Logger LOG = Logger.getLogger(KillService.class);

    @Inject
    RunningRanks running;
    @Inject
    NodeIdentity node;
    @Inject
    AgentConfig config;
    @Inject
    AgentMetrics metrics;

    // kills wait up to kill-grace: off the launch consumer's thread, which must keep reading
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kpm-kill");
        t.setDaemon(true);
        return t;
    });

    public void onKillRequested(KillRequested request) {
        metrics.killRequested();
        executor.execute(() -> killJob(request.pgid(), request.reason()));
    }

    /** Kills every process of the job on this node and waits until they are gone. */
    public void killJob(long pgid, String reason) {
        List<RankProcess> ranks = running.ofJob(pgid);
        ranks.forEach(RankProcess::markKilled);
        var processes = JobProcesses.find(ranks, node.agentRun(), pgid);
        if (processes.isEmpty()) {
            LOG.infof("kill of job %d (%s): no process of it runs on this node", pgid, reason);
            return;
        }
        LOG.infof("killing job %d (%s): ranks %s, %d process(es)", pgid, reason,
                ranks.stream().map(RankProcess::rank).toList(), processes.size());
        report("job " + pgid, ProcessTreeKiller.kill(() -> JobProcesses.find(ranks, node.agentRun(), pgid), config.killGrace()));
    }

    /** Kills every process this agent started, waits for them and for their ProcExited events. */
    public void killAllAndWait(long reportTimeoutSeconds) {
        List<RankProcess> ranks = running.all();
        ranks.forEach(RankProcess::markKilled);
        var processes = JobProcesses.find(ranks, node.agentRun(), null);
        if (!processes.isEmpty()) {
            LOG.infof("agent stopping: killing %d rank(s), %d process(es)", ranks.size(), processes.size());
            report("node " + node.nodeId(), ProcessTreeKiller.kill(() -> JobProcesses.find(ranks, node.agentRun(), null),
                    config.killGrace()));
        }
        try {
            CompletableFuture.allOf(ranks.stream().map(RankProcess::reported).toArray(CompletableFuture[]::new))
                    .get(reportTimeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("not every ProcExited was published within %d s of killing the ranks", reportTimeoutSeconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("waiting for ProcExited events failed: %s", e.getMessage());
        }
    }

    private static void report(String what, List<ProcessHandle> survivors) {
        if (!survivors.isEmpty()) {
            LOG.errorf("processes of %s survived SIGKILL: %s", what, survivors.stream().map(ProcessHandle::pid).toList());
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
