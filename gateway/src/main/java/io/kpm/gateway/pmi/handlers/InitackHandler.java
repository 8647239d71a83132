package io.kpm.gateway.pmi.handlers;

import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;

/** PMI-1 {@code cmd=initack pmiid=N}: binds the connection to the rank kpm gave PMI_ID N. */
public final class InitackHandler implements PmiHandler<PmiRequest.Initack> {

    private final PmiBackend backend;

    public InitackHandler(PmiBackend backend) {
        this.backend = backend;
    }

    @Override
    public CompletionStage<PmiResponse> handle(PmiSession session, PmiRequest.Initack request) {
        if (session.identified()) return PmiHandler.now(new PmiResponse.Error("already identified"));
        int id = request.pmiId();
        return Identify.await(() -> backend.groups().findByPmiId(id), backend.identifyWait()).thenApply(found -> {
            if (found.isEmpty()) return new PmiResponse.Refused("unknown pmiid " + id);
            if (session.isClosed()) return new PmiResponse.Refused("connection closed");
            if (!found.get().claim()) return new PmiResponse.Refused("pmiid " + id + " is already connected");
            session.identify(found.get());
            return new PmiResponse.InitackOk(found.get().group().size(), found.get().rank());
        });
    }
}
