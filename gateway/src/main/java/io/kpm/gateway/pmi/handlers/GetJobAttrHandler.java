package io.kpm.gateway.pmi.handlers;

import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;

/** PMI-2 {@code info-getjobattr}: {@code PMI_process_mapping} and {@code universeSize}. */
public final class GetJobAttrHandler implements PmiHandler<PmiRequest.GetJobAttr> {

    private final PmiBackend backend;

    public GetJobAttrHandler(PmiBackend backend) {
        this.backend = backend;
    }
    @Override
    public CompletionStage<PmiResponse> handle(PmiSession session, PmiRequest.GetJobAttr request) {
        if (!session.identified()) return PmiHandler.notIdentified(session);
        String value = switch (request.key()) {
            case "PMI_process_mapping" -> session.group().processMapping();
            case "universeSize" -> Integer.toString(GetUniverseSizeHandler.universeSize(backend, session));
            default -> null;
        };
        return PmiHandler.now(new PmiResponse.JobAttr(value));
    }
}
