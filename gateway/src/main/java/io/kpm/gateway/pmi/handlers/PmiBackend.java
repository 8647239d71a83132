package io.kpm.gateway.pmi.handlers;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.group.NameService;
import io.kpm.gateway.pmi.group.ProcessGroups;
import io.kpm.gateway.spawn.SpawnOutcome;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.SpawnRequested;

/** What the handlers need from the rest of the gateway (tests give their own). */
public interface PmiBackend {

    ProcessGroups groups();

    NameService names();

    /** Total cores of the live nodes, or the configured override. */
    int universeSize();

    /** How long a connection presenting a not yet known PMI_ID waits for its JobPlaced, at most. */
    Duration identifyWait();

    /**
     * Completes once this gateway has applied kpm.jobs up to where it ends now. A rank's JobPlaced is written
     * before the rank is started, so an id still unknown then is nobody's: it is refused at once, not after the
     * identify wait.
     */
    CompletionStage<Void> jobsReadToNow();

    /** The unknown PMI ids presented per peer: guessing is refused after a few. */
    UnknownIds unknownIds();

    /** What spawned ranks put into PMI_PORT. */
    String pmiEndpoint();

    EventMeta newMeta();

    /** Publishes the request and completes once the children started or the spawn failed. */
    CompletionStage<SpawnOutcome> spawn(SpawnRequested request);

    /** Publishes AbortRequested for the group; never blocks the caller. */
    void abort(long pgid, String reason, Integer exitCode, boolean spawnFamily);
}
