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
        // as an exit status, like Hydra: MPICH 4.2's PMI-2 abort sends exitcode=-1, which mpiexec reports as 255
        int exitCode = (request.exitCode() != null ? request.exitCode() : 1) & 0xFF;
        // MPI_Abort ends every group of the spawn family, as Hydra ends everything it launched
        backend.abort(session.pgid(), "rank " + session.rank() + " aborted" + msg, exitCode, true);
        // no answer exists: the client waits until the job is killed
        return PmiHandler.now(new PmiResponse.Silence());
    }
}
