package io.kpm.gateway.pmi.handlers;

import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;

/** A known command with a missing or bad token: an error that names it. */
public final class MalformedHandler implements PmiHandler<PmiRequest.Malformed> {

    @Override
    public CompletionStage<PmiResponse> handle(PmiSession session, PmiRequest.Malformed request) {
        return PmiHandler.now(new PmiResponse.Error(request.problem()));
    }
}
