package io.kpm.gateway.pmi.handlers;

import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;

/** PMI-2 {@code info-getnodeattr}; with {@code wait=TRUE} answered once the key exists on the node. */
public final class GetNodeAttrHandler implements PmiHandler<PmiRequest.GetNodeAttr> {

    @Override
    public CompletionStage<PmiResponse> handle(PmiSession session, PmiRequest.GetNodeAttr request) {
        if (!session.identified()) return PmiHandler.notIdentified(session);
        return session.group().getNodeAttr(session.member().nodeId(), request.key(), request.waitForIt())
                .handle((value, failure) -> failure == null
                        ? new PmiResponse.NodeAttr(value)
                        : new PmiResponse.Refused(BarrierHandler.rootMessage(failure)));
    }
}
