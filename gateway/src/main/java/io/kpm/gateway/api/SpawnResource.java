package io.kpm.gateway.api;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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

import io.kpm.gateway.jobs.JobViews;
import io.kpm.gateway.kafka.EventPublisher;
import io.kpm.gateway.kafka.SchedulerPresence;
import io.kpm.gateway.pmi.server.PmiServer;
import io.kpm.gateway.spawn.SpawnOutcome;
import io.kpm.gateway.spawn.SpawnService;
import io.kpm.schemas.events.SpawnFailed;
import io.kpm.schemas.events.SpawnRequested;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;

/** {@code POST /api/v1/spawn}: a new process group, answered when it started (or, {@code wait=false}, accepted). */
@Path("/api/v1/spawn")
public class SpawnResource {

    /** The header naming the user a request is sent for. */
    public static final String USER_HEADER = "X-Kpm-User";

    /** The answer to a spawn; {@code errcodes} only once every rank started. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SpawnAnswer(long pgid, String kvsname, List<Integer> errcodes, String url) {
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
    public Uni<Response> spawn(SpawnBody body, @QueryParam("wait") String wait, @Context UriInfo uriInfo,
            @HeaderParam(USER_HEADER) String user, @Context HttpServerRequest http) {
        boolean untilStarted = parseWait(wait);
        String requestId = requestId(body);
        URI base = uriInfo.getBaseUri();
        // the same request again (a client retrying after a lost answer): the same job, not a second one
        Optional<Long> made = jobs.pgidOfRequest(requestId).filter(pgid -> jobs.find(pgid).isPresent());
        if (made.isPresent()) {
            long pgid = made.get();
            URI url = URI.create(jobUrl(base, pgid));
            return Uni.createFrom().item(Response.accepted(new SpawnAnswer(pgid, "kvs_kpm_" + pgid, null, url.toString()))
                    .location(url).type(MediaType.APPLICATION_JSON).build());
        }
        SpawnRequested request;
        try {
            request = SpawnBodyMapper.map(body, requestId, publisher.newMeta(),
                    pmi.advertisedEndpoint(), submitter(user, http));
        } catch (SpawnBodyMapper.InvalidSpawn e) {
            throw Problem.of(400, "invalid-spawn", "invalid spawn request: " + e.getMessage()).toException();
        }
        return spawns.spawn(request, untilStarted).onItem().transformToUni(outcome -> outcome instanceof SpawnOutcome.TimedOut t
                // say why: Kafka down, no scheduler, or a scheduler that did not answer (asked off the event loop)
                ? Uni.createFrom().item(() -> timedOut(t, presence.whyNoAnswer()))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                : Uni.createFrom().item(answer(outcome, base)));
    }

    static Response timedOut(SpawnOutcome.TimedOut t, String why) {
        return Problem.of(504, "spawn-timeout", "spawn request " + t.requestId() + " was not answered within "
                + t.after().toSeconds() + " s" + (why == null ? "; is the scheduler running?" : ": " + why)
                + "; it will not run later (its deadline has passed)").toResponse();
    }

    /** The client's own request id (checked: it is a Kafka key and appears in logs), else a new one. */
    private static String requestId(SpawnBody body) {
        return requestId(body == null ? null : body.requestId());
    }

    static String requestId(String given) {
        if (given == null) return UUID.randomUUID().toString();
        if (!given.matches("[A-Za-z0-9._:-]{1,128}")) {
            throw Problem.of(400, "invalid-spawn", "invalid spawn request: requestId must be 1 to 128 of "
                    + "A-Z a-z 0-9 . _ : -").toException();
        }
        return given;
    }

    /**
     * Who submitted: the user the client names (the kpm command sends {@code $USER}), from which address. Every
     * holder of the stack's token is trusted alike, so the name is what the client claims, recorded for audit.
     */
    static String submitter(String user, HttpServerRequest http) {
        String name = user == null || user.isBlank() ? "unknown" : user.strip();
        if (name.length() > 64) name = name.substring(0, 64);
        String from = http == null || http.remoteAddress() == null ? "?" : http.remoteAddress().hostAddress();
        return name + "@" + from;
    }

    static Response answer(SpawnOutcome outcome, URI base) {
        if (outcome instanceof SpawnOutcome.Completed c) {
            return Response.ok(new SpawnAnswer(c.pgid(), c.kvsname(), c.errcodes(), jobUrl(base, c.pgid())))
                    .type(MediaType.APPLICATION_JSON).build();
        }
        if (outcome instanceof SpawnOutcome.Accepted a) {
            URI url = URI.create(jobUrl(base, a.pgid()));
            return Response.accepted(new SpawnAnswer(a.pgid(), a.kvsname(), null, url.toString()))
                    .location(url).type(MediaType.APPLICATION_JSON).build();
        }
        if (outcome instanceof SpawnOutcome.Failed f) {
            SpawnFailed e = f.event();
            int status = e.status() >= 400 && e.status() <= 599 ? e.status() : 500;
            return Problem.of(status, failureSlug(status), e.reason()).withJob(e.pgid(), e.errcodes()).toResponse();
        }
        if (outcome instanceof SpawnOutcome.TimedOut t) return timedOut(t, null);
        if (outcome instanceof SpawnOutcome.StartTimedOut t) {
            return Problem.of(504, "start-timeout", "job " + t.pgid() + " was accepted but its ranks had not started "
                    + "within " + t.after().toSeconds() + " s; it may still start: follow it at " + jobUrl(base, t.pgid()))
                    .withJob(t.pgid(), null).toResponse();
        }
        SpawnOutcome.NotPublished n = (SpawnOutcome.NotPublished) outcome;
        return Problem.of(503, "kafka-unavailable", "cannot publish the spawn request to Kafka (is the broker "
                + "running and reachable?): " + n.message())
                .toResponse();
    }

    private static String failureSlug(int status) {
        return switch (status) {
            case 400 -> "invalid-spawn";
            case 404 -> "unknown-host";
            case 409 -> "conflict";
            case 503 -> "no-nodes";
            default -> "spawn-failed";
        };
    }

    static String jobUrl(URI base, long pgid) {
        return base.resolve("api/v1/jobs/" + pgid).toString();
    }

    static boolean parseWait(String wait) {
        if (wait == null || wait.isEmpty() || wait.equalsIgnoreCase("true")) return true;
        if (wait.equalsIgnoreCase("false")) return false;
        throw Problem.of(400, "invalid-parameter", "wait must be true or false, got \"" + wait + "\"").toException();
    }
}
