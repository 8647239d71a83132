package io.kpm.gateway.pmi.handlers;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;
import io.kpm.gateway.pmi.group.ProcessGroup;

/**
 * PMI-1 {@code cmd=get}, PMI-2 {@code cmd=kvs-get}: from the named group's KVS (the caller's own when no
 * name is given). Puts are visible at once; the clients order them with barriers/fences.
 */
public final class GetHandler implements PmiHandler<PmiRequest.Get> {

    private final PmiBackend backend;

    public GetHandler(PmiBackend backend) {
        this.backend = backend;
    }

    @Override
    public CompletionStage<PmiResponse> handle(PmiSession session, PmiRequest.Get request) {
        if (!session.identified()) return PmiHandler.notIdentified(session);
        ProcessGroup own = session.group();
        Optional<ProcessGroup> group = request.kvsname() == null || request.kvsname().equals(own.kvsname())
                ? Optional.of(own)
                : backend.groups().findByKvsname(request.kvsname());
        String value = group.flatMap(g -> g.get(request.key())).orElse(null);
        return PmiHandler.now(new PmiResponse.GetResult(request.key(), value));
    }
}
