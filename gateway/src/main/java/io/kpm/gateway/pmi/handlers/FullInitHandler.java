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
        if (request.srcid() == null && request.pmirank() == null) {
            return PmiHandler.now(new PmiResponse.Refused("fullinit without srcid or pmirank: cannot identify the rank"));
        }
        String who = request.srcid() != null ? "srcid " + request.srcid()
                : (request.jobid() != null ? "pmijobid " + request.jobid() + " " : "") + "pmirank " + request.pmirank();
        return Identify.await(() -> find(request), backend.identifyWait()).thenApply(found -> {
            if (found.isEmpty()) return new PmiResponse.Refused("unknown " + who);
            Member m = found.get();
            if (session.isClosed()) return new PmiResponse.Refused("connection closed");
            if (!m.claim()) return new PmiResponse.Refused(who + " is already connected");
            session.identify(m);
            return new PmiResponse.FullInitOk(m.rank(), m.group().size(), m.appnum(), m.group().spawnerKvsname());
        });
    }

    private Optional<Member> find(PmiRequest.FullInit r) {
        if (r.srcid() != null) return backend.groups().findByPmiId(r.srcid());
        if (r.jobid() != null) {
            Optional<Member> byRank = backend.groups().findByKvsname(r.jobid()).flatMap(g -> g.member(r.pmirank()));
            if (byRank.isPresent()) return byRank;
        }
        return backend.groups().findByPmiId(r.pmirank());
    }
}
