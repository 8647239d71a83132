package io.kpm.gateway.pmi.handlers;

import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;

/** A command this server does not know: an error that names it (PMI-1 shows it as unknown_command_X). */
public final class UnknownHandler implements PmiHandler<PmiRequest.Unknown> {

    @Override
    public CompletionStage<PmiResponse> handle(PmiSession session, PmiRequest.Unknown request) {
        return PmiHandler.now(new PmiResponse.Error("unknown command " + request.name()));
    }
}
