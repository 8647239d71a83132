package io.kpm.nodeagent.launch;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.kpm.nodeagent.metrics.AgentMetrics;
import io.kpm.nodeagent.process.RankKey;
import io.kpm.schemas.events.LaunchFailure;
import io.kpm.schemas.events.LaunchRequested;
import io.kpm.schemas.events.RankLaunch;

/** Carries out a LaunchRequested: each rank not launched before is started; a repeat is ignored. */
@Singleton
public class LaunchHandler {

    private static final Logger LOG = Logger.getLogger(LaunchHandler.class);

    @Inject
    LaunchLedger ledger;
    @Inject
    RankLauncher launcher;
    @Inject
    AgentMetrics metrics;

    public void handle(LaunchRequested request) {
        if (request.ranks().isEmpty()) {
            LOG.warnf("LaunchRequested for job %d (event %s) has no ranks: nothing to start", request.pgid(),
                    request.meta().eventId());
        }
        for (RankLaunch rank : request.ranks()) {
            RankKey key = new RankKey(request.pgid(), rank.rank());
            if (!ledger.claim(key)) {
                // at most once per (pgid, rank): a repeat gets no event, the first launch already reported
                LOG.warnf("ignoring a repeated launch of %s (event %s): it was already launched by this agent",
                        key, request.meta().eventId());
                metrics.duplicateLaunch();
                continue;
            }
            try {
                launcher.launch(request, rank);
            } catch (RuntimeException e) {
                LOG.errorf(e, "launching %s failed unexpectedly", key);
                launcher.fail(key, LaunchFailure.ERROR, "the node agent could not start it: " + e);
            }
        }
    }
}
