package io.kpm.gateway.signal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.kpm.gateway.api.JobsResource;
import io.kpm.gateway.api.Problem;
import io.kpm.gateway.jobs.Job;
import io.kpm.gateway.jobs.JobViews;
import io.kpm.gateway.kafka.EventPublisher;
import io.kpm.schemas.events.SignalRequested;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /api/v1/jobs/{pgid}/signal} {@code {"signal":"USR1"}}: one {@link SignalRequested} to each node that runs
 * a rank of the job, whose agent sends the signal to those ranks (mpiexec's signal forwarding). The scheduler is not
 * involved: a signal changes no job state, and the job's view says where its ranks run. 202 with the nodes once Kafka
 * has every event.
 */
@Path("/api/v1/jobs/{pgid}/signal")
public class SignalResource {

    private static final Logger LOG = Logger.getLogger(SignalResource.class);

    /** The request body. */
    public record SignalBody(String signal) {
    }

    @Inject
    JobViews jobs;
    @Inject
    EventPublisher publisher;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> signal(@PathParam("pgid") String pgidText, SignalBody body) {
        String name = body == null || body.signal() == null ? null : body.signal().strip().toUpperCase();
        if (name != null && name.startsWith("SIG")) name = name.substring(3);
        if (name == null || !SignalRequested.FORWARDED.contains(name)) {
            return refuse(400, "invalid-signal", "signal must be one of " + String.join(", ", SignalRequested.FORWARDED)
                    + ", got " + (body == null || body.signal() == null ? "none" : "\"" + body.signal() + "\"")
                    + " (DELETE /api/v1/jobs/{pgid} kills a job)");
        }
        Job job = JobsResource.find(jobs, pgidText);
        if (job.view().state().ended()) {
            return refuse(409, "job-ended", "job " + job.pgid() + " has ended (" + job.view().state() + "): no rank to signal");
        }
        List<String> nodes = SignalTargets.nodes(job.view());
        String signal = name;
        CompletableFuture<?>[] sent = nodes.stream()
                .map(node -> publisher.publish(new SignalRequested(publisher.newMeta(), node, job.pgid(), signal))
                        .toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return Uni.createFrom().completionStage(CompletableFuture.allOf(sent))
                .map(done -> Response.accepted(Map.of("pgid", job.pgid(), "signal", signal, "nodes", nodes)).build())
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("cannot publish SIG%s for job %d: %s", signal, job.pgid(), e.getMessage());
                    return Problem.of(503, "kafka-unavailable", "cannot publish the signal of job " + job.pgid()
                            + " to Kafka: " + e.getMessage()).toResponse();
                });
    }

    private static Uni<Response> refuse(int status, String slug, String detail) {
        return Uni.createFrom().item(Problem.of(status, slug, detail).toResponse());
    }
}
