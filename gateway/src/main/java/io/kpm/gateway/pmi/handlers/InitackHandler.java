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
        if (!backend.unknownIds().allowed(session.peer())) return PmiHandler.now(Identify.tooManyUnknown(session));
        return Identify.await(() -> backend.groups().findByPmiId(id), backend.identifyWait(), backend::jobsReadToNow).thenApply(found -> {
            // the answer never repeats the id: it is a credential
            if (found.isEmpty()) return Identify.unknown(backend, session);
            if (session.isClosed()) return new PmiResponse.Refused("connection closed");
            if (!found.get().claim()) return new PmiResponse.Refused("this pmiid is already connected");
            session.identify(found.get());
            return new PmiResponse.InitackOk(found.get().group().size(), found.get().rank());
        });
    }
}
