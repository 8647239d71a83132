package io.kpm.gateway.pmi.handlers;

import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;

/** PMI-1 {@code cmd=get_universe_size}. */
public final class GetUniverseSizeHandler implements PmiHandler<PmiRequest.GetUniverseSize> {

    private final PmiBackend backend;

    public GetUniverseSizeHandler(PmiBackend backend) {
        this.backend = backend;
    }
    /** No node registered yet (or none UP): at least the caller's own group, never 0. */
    static int universeSize(PmiBackend backend, PmiSession session) {
        int size = backend.universeSize();
        return size > 0 || !session.identified() ? size : session.group().size();
    }

    @Override
    public CompletionStage<PmiResponse> handle(PmiSession session, PmiRequest.GetUniverseSize request) {
        return PmiHandler.now(new PmiResponse.UniverseSize(universeSize(backend, session)));
    }
}
