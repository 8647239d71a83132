package io.kpm.gateway.pmi.handlers;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;

/** Serves one kind of request, for both protocols. */
public interface PmiHandler<R extends PmiRequest> {

    CompletionStage<PmiResponse> handle(PmiSession session, R request);

    static CompletionStage<PmiResponse> now(PmiResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    /** Commands that need to know who is asking. */
    static CompletionStage<PmiResponse> notIdentified(PmiSession session) {
        return now(new PmiResponse.Error(session.protocol() == PmiSession.Protocol.PMI1
                ? "not identified: send cmd=initack pmiid=<PMI_ID> first"
                : "not identified: send cmd=fullinit first"));
    }
}
