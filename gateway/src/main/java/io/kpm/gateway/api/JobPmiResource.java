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

/** A job's PMI conversation from kpm.pmi.audit (empty when auditing is off or the job made no PMI calls). */
@Path("/api/v1/jobs/{pgid}/pmi")
public class JobPmiResource {

    @Inject
    JobViews jobs;

    @Inject
    PmiLogs pmiLogs;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<PmiLogs.Entry> pmi(@PathParam("pgid") String pgid, @QueryParam("rank") Integer rank) {
        Job job = JobsResource.find(jobs, pgid);
        return pmiLogs.of(job.pgid(), rank);
    }
}
