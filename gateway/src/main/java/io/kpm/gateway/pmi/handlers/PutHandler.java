package io.kpm.gateway.pmi.handlers;

import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;

/** PMI-1 {@code cmd=put}, PMI-2 {@code cmd=kvs-put}: into the caller's own group's KVS. */
public final class PutHandler implements PmiHandler<PmiRequest.Put> {

    @Override
    public CompletionStage<PmiResponse> handle(PmiSession session, PmiRequest.Put request) {
        if (!session.identified()) return PmiHandler.notIdentified(session);
        String own = session.group().kvsname();
        if (request.kvsname() != null && !request.kvsname().equals(own)) {
            return PmiHandler.now(new PmiResponse.Error("kvsname " + request.kvsname() + " is not this rank's (" + own + ")"));
        }
        if (request.key().isEmpty() || request.key().length() > GetMaxesHandler.KEYLEN_MAX) {
            return PmiHandler.now(new PmiResponse.Error("key length must be 1.." + GetMaxesHandler.KEYLEN_MAX));
        }
        if (request.value().length() > GetMaxesHandler.VALLEN_MAX) {
            return PmiHandler.now(new PmiResponse.Error("value longer than " + GetMaxesHandler.VALLEN_MAX));
        }
        session.group().put(request.key(), request.value());
        return PmiHandler.now(new PmiResponse.PutOk());
    }
}
