package io.kpm.gateway.api;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.kpm.gateway.api.pmix.DirectiveReport;
import io.kpm.gateway.api.pmix.PmixSpawnBody;
import io.kpm.gateway.api.pmix.PmixSpawnMapper;
import io.kpm.gateway.jobs.JobViews;
import io.kpm.gateway.kafka.EventPublisher;
import io.kpm.gateway.kafka.SchedulerPresence;
import io.kpm.gateway.pmi.server.PmiServer;
import io.kpm.gateway.spawn.SpawnOutcome;
import io.kpm.gateway.spawn.SpawnService;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code POST /api/v2/spawn}: a spawn in PMIx's conventions (docs/pmix-spawn.md), beside v1's, which keeps its
 * meaning for existing clients. The same flow as v1 (idempotent request ids, {@code wait=false}, the same problems);
 * the answer adds what became of every directive and where the job's notifications are.
 */
@Path("/api/v2/spawn")
public class PmixSpawnResource {

    /** v1's answer, plus the notifications URL and the directive report. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PmixSpawnAnswer(long pgid, String kvsname, List<Integer> errcodes, String url, String notifications,
            List<DirectiveReport> directives) {
    }

    @Inject
    SpawnService spawns;

    @Inject
    EventPublisher publisher;

    @Inject
    PmiServer pmi;

    @Inject
    JobViews jobs;

    @Inject
    SchedulerPresence presence;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> spawn(PmixSpawnBody body, @QueryParam("wait") String wait, @Context UriInfo uriInfo,
            @HeaderParam(SpawnResource.USER_HEADER) String user, @Context HttpServerRequest http) {
        boolean untilStarted = SpawnResource.parseWait(wait);
        String requestId = SpawnResource.requestId(body == null ? null : body.requestId());
        URI base = uriInfo.getBaseUri();
        PmixSpawnMapper.Mapped mapped;
        try {
            mapped = PmixSpawnMapper.map(body, requestId, publisher.newMeta(), pmi.advertisedEndpoint(),
                    SpawnResource.submitter(user, http));
        } catch (PmixSpawnMapper.InvalidSpawn e) {
            throw Problem.of(400, "invalid-spawn", "invalid spawn request: " + e.getMessage())
                    .withProblems(e.problems()).toException();
        }
        List<DirectiveReport> report = mapped.directives();
        Optional<Long> made = jobs.pgidOfRequest(requestId).filter(pgid -> jobs.find(pgid).isPresent());
        if (made.isPresent()) {
            long pgid = made.get();
            return Uni.createFrom().item(accepted(base, pgid, "kvs_kpm_" + pgid, report));
        }
        return spawns.spawn(mapped.request(), untilStarted, mapped.spawnTimeout())
                .onItem().transformToUni(outcome -> outcome instanceof SpawnOutcome.TimedOut t
                        ? Uni.createFrom().item(() -> SpawnResource.timedOut(t, presence.whyNoAnswer()))
                                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        : Uni.createFrom().item(answer(outcome, base, report, mapped.debuggerDaemons())));
    }

    private static Response answer(SpawnOutcome outcome, URI base, List<DirectiveReport> report, boolean daemons) {
        if (outcome instanceof SpawnOutcome.Completed c) {
            return Response.ok(new PmixSpawnAnswer(c.pgid(), c.kvsname(), c.errcodes(), SpawnResource.jobUrl(base, c.pgid()),
                    notificationsUrl(base, c.pgid()), report)).type(MediaType.APPLICATION_JSON).build();
        }
        if (outcome instanceof SpawnOutcome.Accepted a) return accepted(base, a.pgid(), a.kvsname(), report);
        if (daemons && outcome instanceof SpawnOutcome.Failed f && f.event().pgid() == null && f.event().status() == 404) {
            // the scheduler's 404 for daemons is their target job, not a host
            return Problem.of(404, "unknown-job", f.event().reason()).toResponse();
        }
        return SpawnResource.answer(outcome, base);
    }

    private static Response accepted(URI base, long pgid, String kvsname, List<DirectiveReport> report) {
        URI url = URI.create(SpawnResource.jobUrl(base, pgid));
        return Response.accepted(new PmixSpawnAnswer(pgid, kvsname, null, url.toString(), notificationsUrl(base, pgid),
                report)).location(url).type(MediaType.APPLICATION_JSON).build();
    }

    static String notificationsUrl(URI base, long pgid) {
        return base.resolve("api/v2/jobs/" + pgid + "/notifications").toString();
    }
}
