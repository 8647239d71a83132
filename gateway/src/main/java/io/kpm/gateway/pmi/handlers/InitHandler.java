package io.kpm.gateway.pmi.handlers;

import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;

/** PMI-1 {@code cmd=init}: version 1 only (a version 2 first line is the connection's switch to PMI-2). */
public final class InitHandler implements PmiHandler<PmiRequest.Init> {

    @Override
    public CompletionStage<PmiResponse> handle(PmiSession session, PmiRequest.Init request) {
        if (request.version() != 1) {
            return PmiHandler.now(new PmiResponse.Error("unsupported pmi_version " + request.version()));
        }
        return PmiHandler.now(new PmiResponse.InitOk(1, 1));
    }
}
