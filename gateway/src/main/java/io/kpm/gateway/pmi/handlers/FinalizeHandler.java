package io.kpm.gateway.pmi.handlers;

import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;

/** PMI-1 {@code cmd=finalize}, PMI-2 {@code cmd=finalize}: the rank may now exit without breaking its group. */
public final class FinalizeHandler implements PmiHandler<PmiRequest.Finalize> {

    @Override
    public CompletionStage<PmiResponse> handle(PmiSession session, PmiRequest.Finalize request) {
        if (session.identified()) session.member().finalized();
        return PmiHandler.now(new PmiResponse.FinalizeAck());
    }
}
