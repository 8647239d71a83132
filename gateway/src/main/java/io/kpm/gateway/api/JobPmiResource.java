package io.kpm.gateway.api;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.kpm.gateway.jobs.Job;
import io.kpm.gateway.jobs.JobViews;
import io.kpm.gateway.jobs.PmiLogs;
import io.kpm.gateway.kafka.PmiLogReader;

/**
 * A job's PMI conversation, read from kpm.pmi.audit when asked (empty when auditing is off or the job made no PMI
 * calls). Blocking: it runs on a worker thread.
 */
@Path("/api/v1/jobs/{pgid}/pmi")
public class JobPmiResource {

    @Inject
    JobViews jobs;

    @Inject
    PmiLogReader pmiLogs;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<PmiLogs.Entry> pmi(@PathParam("pgid") String pgid, @QueryParam("rank") Integer rank) {
        Job job = JobsResource.find(jobs, pgid);
        return pmiLogs.read(job.view(), rank);
    }
}
