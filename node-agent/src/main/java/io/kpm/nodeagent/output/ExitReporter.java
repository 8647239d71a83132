package io.kpm.nodeagent.output;

import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.kpm.nodeagent.config.AgentConfig;
import io.kpm.nodeagent.config.NodeIdentity;
import io.kpm.nodeagent.events.EventPublisher;
import io.kpm.nodeagent.process.RankProcess;
import io.kpm.nodeagent.process.RunningRanks;
import io.kpm.schemas.events.OutputStream;
import io.kpm.schemas.events.ProcExited;

/**
 * Follows a started rank to its end: pumps its stdout and stderr, and publishes ProcExited only after both
 * streams reached EOF and the process exited, so that a reader who sees ProcExited already has all output.
 */
@Singleton
public class ExitReporter {

    private static final Logger LOG = Logger.getLogger(ExitReporter.class);

    @Inject
    EventPublisher publisher;
    @Inject
    NodeIdentity node;
    @Inject
    RunningRanks running;
    @Inject
    AgentConfig config;

    public void follow(RankProcess rank) {
        Process process = rank.process();
        long cap = config.outputCap().asLongValue();
        OutputPump stdout = new OutputPump(rank.key(), OutputStream.STDOUT, process.getInputStream(), publisher, node, cap).start();
        OutputPump stderr = new OutputPump(rank.key(), OutputStream.STDERR, process.getErrorStream(), publisher, node, cap).start();
        CompletableFuture.allOf(stdout.done(), stderr.done(), process.onExit())
                .thenCompose(ignored -> {
                    // Process.exitValue() is 128+N for a process ended by signal N, the convention ProcExited uses
                    int exitCode = process.exitValue();
                    LOG.infof("%s exited with %d%s", rank, exitCode, rank.killed() ? " (killed)" : "");
                    return publisher.publish(new ProcExited(node.meta(), rank.pgid(), rank.rank(), node.nodeId(),
                            exitCode, rank.killed()));
                })
                .whenComplete((ok, failure) -> {
                    running.remove(rank);
                    rank.reported().complete(null);
                });
    }
}
