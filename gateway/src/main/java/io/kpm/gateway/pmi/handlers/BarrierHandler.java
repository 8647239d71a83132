package io.kpm.gateway.pmi.handlers;

import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;
import io.kpm.gateway.pmi.group.GroupBroken;

/**
 * PMI-1 {@code cmd=barrier_in} and PMI-2 {@code cmd=kvs-fence}: answered once every rank of the group
 * entered; refused (and the connection closed) when that can no longer happen.
 */
public final class BarrierHandler implements PmiHandler<PmiRequest.Barrier> {

    private final PmiBackend backend;

    public BarrierHandler(PmiBackend backend) {
        this.backend = backend;
    }

    static Throwable root(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t;
    }

    static String rootMessage(Throwable t) {
        return root(t).getMessage();
    }

    @Override
    public CompletionStage<PmiResponse> handle(PmiSession session, PmiRequest.Barrier request) {
        if (!session.identified()) return PmiHandler.notIdentified(session);
        return session.group().enterBarrier().handle((ok, failure) -> {
            if (failure == null) return new PmiResponse.BarrierOut();
            Throwable cause = root(failure);
            // the first to find a group broken by a rank that exited earlier ends the job, or it would hang
            if (cause instanceof GroupBroken broken && broken.abortJob()) {
                backend.abort(session.pgid(), broken.getMessage(), 1, false);
            }
            return new PmiResponse.Refused(cause.getMessage());
        });
    }
}
