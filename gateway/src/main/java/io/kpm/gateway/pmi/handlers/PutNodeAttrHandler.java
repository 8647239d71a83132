package io.kpm.gateway.pmi.handlers;

import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;

/** PMI-2 {@code info-putnodeattr}: an attribute seen by the ranks of the group on the same node. */
public final class PutNodeAttrHandler implements PmiHandler<PmiRequest.PutNodeAttr> {

    @Override
    public CompletionStage<PmiResponse> handle(PmiSession session, PmiRequest.PutNodeAttr request) {
        if (!session.identified()) return PmiHandler.notIdentified(session);
        session.group().putNodeAttr(session.member().nodeId(), request.key(), request.value());
        return PmiHandler.now(new PmiResponse.NodeAttrPut());
    }
}
