package io.kpm.gateway.pmi.handlers;

import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;

/** PMI-1 {@code cmd=get_my_kvsname} and PMI-2 {@code cmd=job-getid}. */
public final class GetMyKvsnameHandler implements PmiHandler<PmiRequest.GetMyKvsname> {

    @Override
    public CompletionStage<PmiResponse> handle(PmiSession session, PmiRequest.GetMyKvsname request) {
        if (!session.identified()) return PmiHandler.notIdentified(session);
        return PmiHandler.now(new PmiResponse.Kvsname(session.group().kvsname()));
    }
}
