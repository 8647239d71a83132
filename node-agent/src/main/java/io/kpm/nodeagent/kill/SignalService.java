package io.kpm.nodeagent.kill;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.kpm.nodeagent.process.RankProcess;
import io.kpm.nodeagent.process.RunningRanks;
import io.kpm.schemas.events.SignalRequested;

/**
 * Sends a forwarded signal to each rank of the job on this node, to the rank's process itself (what mpiexec's
 * proxies do for the signals they forward). Java can only send TERM and KILL, so {@code kill -s} does it; the name
 * comes from the event's allow-list, never from free text.
 */
@Singleton
public class SignalService {

    private static final Logger LOG = Logger.getLogger(SignalService.class);

    @Inject
    RunningRanks running;

    public void onSignalRequested(SignalRequested request) {
        for (RankProcess rank : running.ofJob(request.pgid())) {
            if (!rank.process().isAlive()) continue;
            try {
                Process kill = new ProcessBuilder("kill", "-s", request.signal(), Long.toString(rank.pid()))
                        .redirectErrorStream(true).start();
                String said = new String(kill.getInputStream().readAllBytes()).strip();
                if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                    LOG.warnf("cannot send SIG%s to %s: %s", request.signal(), rank, said);
                } else {
                    LOG.infof("sent SIG%s to %s", request.signal(), rank);
                }
            } catch (IOException e) {
                LOG.warnf("cannot send SIG%s to %s: %s", request.signal(), rank, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
