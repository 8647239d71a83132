package io.kpm.gateway.pmi.handlers;

import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;

/** PMI-1 {@code unpublish_name}, PMI-2 {@code name-unpublish}. */
public final class UnpublishNameHandler implements PmiHandler<PmiRequest.UnpublishName> {

    private final PmiBackend backend;

    public UnpublishNameHandler(PmiBackend backend) {
        this.backend = backend;
    }
    @Override
    public CompletionStage<PmiResponse> handle(PmiSession session, PmiRequest.UnpublishName request) {
        if (!session.identified()) return PmiHandler.notIdentified(session);
        return PmiHandler.now(new PmiResponse.Unpublished(backend.names().unpublish(request.service())));
    }
}
