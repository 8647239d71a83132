package io.kpm.gateway.pmi.handlers;

import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;

/** PMI-1 {@code cmd=get_maxes}: the limits MPICH sizes its buffers by. */
public final class GetMaxesHandler implements PmiHandler<PmiRequest.GetMaxes> {

    public static final int KVSNAME_MAX = 256;
    public static final int KEYLEN_MAX = 64;
    public static final int VALLEN_MAX = 1024;

    @Override
    public CompletionStage<PmiResponse> handle(PmiSession session, PmiRequest.GetMaxes request) {
        return PmiHandler.now(new PmiResponse.Maxes(KVSNAME_MAX, KEYLEN_MAX, VALLEN_MAX));
    }
}
