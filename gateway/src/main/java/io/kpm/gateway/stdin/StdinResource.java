package io.kpm.gateway.stdin;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.kpm.gateway.api.JobsResource;
import io.kpm.gateway.api.Problem;
import io.kpm.gateway.jobs.Job;
import io.kpm.gateway.jobs.JobViews;
import io.kpm.gateway.kafka.EventPublisher;
import io.kpm.schemas.events.StdinChunk;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /api/v1/jobs/{pgid}/stdin?seq=N[&eof=true]}: the next bytes of the job's stdin (the raw body, at most
 * {@link #MAX_CHUNK} bytes), published as one {@link StdinChunk} to the node that runs the job's stdin rank. The
 * answer (204) comes once Kafka has the chunk, so a launcher that sends chunk after chunk never has more than one in
 * the gateway's memory. {@code seq} numbers the chunks from 0; the node agent skips one it already wrote, so a
 * launcher may send a chunk again when an answer was lost.
 */
@Path("/api/v1/jobs/{pgid}/stdin")
public class StdinResource {

    private static final Logger LOG = Logger.getLogger(StdinResource.class);
    /** Small enough that a node agent's bounded queue of chunks stays small, large enough for few round trips. */
    public static final int MAX_CHUNK = 64 * 1024;

    @Inject
    JobViews jobs;
    @Inject
    EventPublisher publisher;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> write(@PathParam("pgid") String pgidText, @QueryParam("seq") String seqText,
            @QueryParam("eof") boolean eof, byte[] body) {
        byte[] data = body == null ? new byte[0] : body;
        long seq = seq(seqText);
        if (data.length > MAX_CHUNK) {
            return refuse(413, "stdin-chunk-too-large", "a stdin chunk may have at most " + MAX_CHUNK
                    + " bytes, got " + data.length + ": send it in several chunks");
        }
        Job job = JobsResource.find(jobs, pgidText);
        StdinTarget target = StdinTarget.of(job.view(), job.stdinRank());
        if (target instanceof StdinTarget.Refused refused) {
            return refuse(refused.status(), refused.slug(), refused.detail());
        }
        StdinTarget.Forward forward = (StdinTarget.Forward) target;
        StdinChunk chunk = new StdinChunk(publisher.newMeta(), forward.nodeId(), job.pgid(), forward.rank(), seq, data, eof);
        return Uni.createFrom().completionStage(() -> publisher.publish(chunk))
                .map(written -> Response.noContent().build())
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("cannot publish stdin chunk %d of job %d: %s", seq, job.pgid(), e.getMessage());
                    return Problem.of(503, "kafka-unavailable", "cannot publish the stdin of job " + job.pgid()
                            + " to Kafka: " + e.getMessage()).toResponse();
                });
    }

    private static long seq(String text) {
        if (text != null && text.matches("[0-9]{1,18}")) return Long.parseLong(text);
        throw Problem.of(400, "invalid-parameter", "seq must be the chunk's number, 0 for the first, got "
                + (text == null ? "none" : "\"" + text + "\"")).toException();
    }

    private static Uni<Response> refuse(int status, String slug, String detail) {
        return Uni.createFrom().item(Problem.of(status, slug, detail).toResponse());
    }
}
