package io.kpm.gateway.pmi.handlers;

import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;

/** PMI-1 {@code lookup_name}, PMI-2 {@code name-lookup}. */
public final class LookupNameHandler implements PmiHandler<PmiRequest.LookupName> {

    private final PmiBackend backend;

    public LookupNameHandler(PmiBackend backend) {
        this.backend = backend;
    }
    @Override
    public CompletionStage<PmiResponse> handle(PmiSession session, PmiRequest.LookupName request) {
        if (!session.identified()) return PmiHandler.notIdentified(session);
        return PmiHandler.now(new PmiResponse.LookupResult(request.service(),
                backend.names().lookup(request.service()).orElse(null)));
    }
}
