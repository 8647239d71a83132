package io.kpm.gateway.pmi.handlers;

import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;

/** PMI-1 {@code cmd=abort}, PMI-2 {@code cmd=abort}: asks the scheduler to end the whole group. */
public final class AbortHandler implements PmiHandler<PmiRequest.Abort> {

    private final PmiBackend backend;

    public AbortHandler(PmiBackend backend) {
        this.backend = backend;
    }
    @Override
    public CompletionStage<PmiResponse> handle(PmiSession session, PmiRequest.Abort request) {
        if (!session.identified()) return PmiHandler.notIdentified(session);
        String msg = request.message() == null || request.message().isBlank() ? "" : ": " + request.message();
        // PMI-2 abort carries no exit code; the job must still fail
        Integer exitCode = request.exitCode() != null ? request.exitCode() : Integer.valueOf(1);
        backend.abort(session.pgid(), "rank " + session.rank() + " aborted" + msg, exitCode);
        // no answer exists: the client waits until the job is killed
        return PmiHandler.now(new PmiResponse.Silence());
    }
}
