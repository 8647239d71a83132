package io.kpm.gateway.pmi.handlers;

import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;

/** PMI-1 {@code cmd=get_appnum}: the index of the spawn command the rank came from. */
public final class GetAppnumHandler implements PmiHandler<PmiRequest.GetAppnum> {

    @Override
    public CompletionStage<PmiResponse> handle(PmiSession session, PmiRequest.GetAppnum request) {
        if (!session.identified()) return PmiHandler.notIdentified(session);
        return PmiHandler.now(new PmiResponse.Appnum(session.member().appnum()));
    }
}
