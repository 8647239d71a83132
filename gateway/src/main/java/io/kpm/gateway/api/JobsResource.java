package io.kpm.gateway.api;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.kpm.gateway.jobs.Job;
import io.kpm.gateway.jobs.JobView;
import io.kpm.gateway.jobs.JobViews;
import io.kpm.gateway.kafka.EventPublisher;
import io.kpm.schemas.events.AbortRequested;
import io.smallrye.mutiny.Uni;

/** {@code /api/v1/jobs}: job views and kills. The streams are in {@link JobStreamsResource}. */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    private static final Logger LOG = Logger.getLogger(JobsResource.class);

    @Inject
    JobViews jobs;

    @Inject
    EventPublisher publisher;

    @GET
    public List<JobView> list() {
        return jobs.list();
    }

    @GET
    @Path("{pgid}")
    public JobView get(@PathParam("pgid") String pgid) {
        return find(jobs, pgid).view();
    }

    /** The job, then every group spawned from it (transitively), spawners first. */
    @GET
    @Path("{pgid}/family")
    public List<JobView> family(@PathParam("pgid") String pgid) {
        return jobs.family(find(jobs, pgid).pgid());
    }

    /** Kills go through the scheduler (AbortRequested), which ends the job and kills its ranks. */
    @DELETE
    @Path("{pgid}")
    public Uni<Response> kill(@PathParam("pgid") String pgid) {
        Job job = find(jobs, pgid);
        if (job.hasEnded()) return Uni.createFrom().item(Response.ok(job.view()).build());
        AbortRequested abort = new AbortRequested(publisher.newMeta(), UUID.randomUUID().toString(), job.pgid(),
                "killed by user", null);
        return Uni.createFrom().completionStage(() -> publisher.publish(abort))
                .map(written -> Response.accepted(job.view()).build())
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("cannot publish the abort of job %d: %s", job.pgid(), e.getMessage());
                    return Problem.of(503, "kafka-unavailable", "cannot publish the kill of job " + job.pgid()
                            + " to Kafka: " + e.getMessage()).toResponse();
                });
    }

    public static Job find(JobViews jobs, String pgidText) {
        long pgid;
        try {
            pgid = Long.parseLong(pgidText);
        } catch (NumberFormatException e) {
            throw Problem.of(400, "invalid-parameter", "pgid must be a number, got \"" + pgidText + "\"")
                    .toException();
        }
        return found(jobs.find(pgid), jobs.caughtUp(), pgid);
    }

    /**
     * The job, else 404; but before the gateway has read the log up to where it was at start-up, "no such job"
     * would be a lie (the job may be further down the log: a restarted gateway answered 404 for a job that had
     * finished well), so that is 503 with Retry-After, and the kpm command asks again.
     */
    static Job found(java.util.Optional<Job> job, boolean caughtUp, long pgid) {
        return job.orElseThrow(() -> caughtUp ? ProblemException.noJob(pgid) : ProblemException.catchingUp(pgid));
    }
}
