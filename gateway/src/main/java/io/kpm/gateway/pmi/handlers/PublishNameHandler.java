package io.kpm.gateway.pmi.handlers;

import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;

/** PMI-1 {@code publish_name}, PMI-2 {@code name-publish}. */
public final class PublishNameHandler implements PmiHandler<PmiRequest.PublishName> {

    private final PmiBackend backend;

    public PublishNameHandler(PmiBackend backend) {
        this.backend = backend;
    }
    @Override
    public CompletionStage<PmiResponse> handle(PmiSession session, PmiRequest.PublishName request) {
        if (!session.identified()) return PmiHandler.notIdentified(session);
        if (!backend.names().publish(request.service(), request.port(), session.pgid())) {
            return PmiHandler.now(new PmiResponse.Error("service " + request.service() + " is already published"));
        }
        return PmiHandler.now(new PmiResponse.Published());
    }
}
