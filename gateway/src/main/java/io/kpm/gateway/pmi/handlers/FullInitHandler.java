package io.kpm.gateway.pmi.handlers;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;
import io.kpm.gateway.pmi.group.Member;

/**
 * PMI-2 {@code cmd=fullinit}. libpmi2 sends the PMI_ID as {@code srcid}, MPICH 4.2 as {@code pmirank}; a
 * {@code pmijobid} with a {@code pmirank} that is a rank of that job (libpmi2 without PMI_ID) works too.
 */
public final class FullInitHandler implements PmiHandler<PmiRequest.FullInit> {

    private final PmiBackend backend;

    public FullInitHandler(PmiBackend backend) {
        this.backend = backend;
    }

    @Override
    public CompletionStage<PmiResponse> handle(PmiSession session, PmiRequest.FullInit request) {
        if (session.identified()) return PmiHandler.now(new PmiResponse.Error("already identified"));
        // every rank kpm starts has a PMI_ID (libpmi2 sends it as srcid, MPICH 4.2 as pmirank): a job id and a rank
        // number alone are public, so they identify nobody
        Integer id = request.srcid() != null ? request.srcid() : request.pmirank();
        if (id == null) {
            return PmiHandler.now(new PmiResponse.Refused("fullinit without a PMI_ID (srcid or pmirank): cannot identify the rank"));
        }
        if (!backend.unknownIds().allowed(session.peer())) return PmiHandler.now(Identify.tooManyUnknown(session));
        return Identify.await(() -> backend.groups().findByPmiId(id), backend.identifyWait(), backend::jobsReadToNow).thenApply(found -> {
            if (found.isEmpty()) return Identify.unknown(backend, session);
            Member m = found.get();
            if (session.isClosed()) return new PmiResponse.Refused("connection closed");
            if (!m.claim()) return new PmiResponse.Refused("this PMI_ID is already connected");
            session.identify(m);
            return new PmiResponse.FullInitOk(m.rank(), m.group().size(), m.appnum(), m.group().spawnerKvsname());
        });
    }
}
