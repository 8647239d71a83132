package io.kpm.gateway.api;

import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntFunction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.kpm.gateway.jobs.Job;
import io.kpm.gateway.jobs.JobFollower;
import io.kpm.gateway.jobs.JobViews;
import io.kpm.gateway.jobs.OutputItem;
import io.kpm.gateway.jobs.Slice;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.OutputStream;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The server-sent event streams of a job: its events and its output, each from the first item, then live,
 * ending when the job has ended (see {@link Job#eventsFrom} and {@link Job#outputFrom} for exactly when).
 * {@code events?follow=false} ends after what is there now; {@code events?from=} starts later in the history;
 * {@code output?rank=&stream=} keeps one rank's or one stream's bytes.
 */
@Path("/api/v1/jobs/{pgid}")
public class JobStreamsResource {

    /** One {@code output} event: a piece of a rank's stdout or stderr; {@code data} is base64 in JSON. */
    public record OutputData(int rank, OutputStream stream, byte[] data) {
    }

    /**
     * The {@code truncated} event, for either cap: a rank stream its node agent cut ({@code rank}, {@code stream}
     * and {@code droppedBytes} set, {@code setting} {@code kpm.agent.output-cap}) or the job's output the gateway
     * stopped keeping ({@code rank}, {@code stream}, {@code droppedBytes} null: still unknown when it is sent;
     * {@code setting} {@code kpm.gateway.output-cap}). {@code capBytes} is what was kept; {@code message} says it
     * all for a person.
     */
    public record Truncation(Integer rank, OutputStream stream, long capBytes, Long droppedBytes, String setting,
                             String message) {
    }

    static final String GATEWAY_CAP = "kpm.gateway.output-cap";
    static final String AGENT_CAP = "kpm.agent.output-cap";

    @Inject
    JobViews jobs;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry metrics;

    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> events(@PathParam("pgid") String pgid,
            @QueryParam("follow") @DefaultValue("true") boolean follow,
            @QueryParam("from") String from, @Context Sse sse) {
        Job job = JobsResource.find(jobs, pgid);
        EventsFrom start = EventsFrom.parse(from);
        metrics.counter("kpm_gateway_streams_opened", "stream", "events").increment();
        IntFunction<Slice<KpmEvent>> source = i -> job.eventsFrom(i, jobs.caughtUp(), jobs.graceNanos());
        Multi<KpmEvent> events = JobFollower.follow(job, follow ? source : untilNow(source), timer());
        return start.apply(events).map(e -> eventSse(sse, e));
    }

    /** Ends the stream after what is there now (once the gateway caught up, so "now" means the whole history). */
    private IntFunction<Slice<KpmEvent>> untilNow(IntFunction<Slice<KpmEvent>> source) {
        return i -> {
            Slice<KpmEvent> slice = source.apply(i);
            if (slice.complete() || !jobs.caughtUp()) return slice;
            return new Slice<>(slice.items(), slice.next(), true, -1);
        };
    }

    @GET
    @Path("output")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> output(@PathParam("pgid") String pgid, @QueryParam("rank") Integer rank,
            @QueryParam("stream") String stream, @Context Sse sse) {
        Job job = JobsResource.find(jobs, pgid);
        OutputStream only = streamParam(stream);
        metrics.counter("kpm_gateway_streams_opened", "stream", "output").increment();
        return JobFollower.follow(job, i -> job.outputFrom(i, jobs.caughtUp(), jobs.graceNanos()), timer())
                .filter(item -> wanted(item, rank, only))
                .map(item -> outputSse(sse, job, item));
    }

    /** Data and rank truncation marks of the chosen rank and stream; the job's marks always. */
    private static boolean wanted(OutputItem item, Integer rank, OutputStream only) {
        if (item instanceof OutputItem.Data d) return matches(d.rank(), d.stream(), rank, only);
        if (item instanceof OutputItem.RankTruncated t) return matches(t.rank(), t.stream(), rank, only);
        return true;
    }

    private static boolean matches(int itemRank, OutputStream itemStream, Integer rank, OutputStream only) {
        return (rank == null || itemRank == rank) && (only == null || itemStream == only);
    }

    private static OutputStream streamParam(String stream) {
        if (stream == null || stream.isBlank()) return null;
        return switch (stream.strip().toLowerCase(Locale.ROOT)) {
            case "stdout" -> OutputStream.STDOUT;
            case "stderr" -> OutputStream.STDERR;
            default -> throw Problem.of(400, "invalid-parameter",
                    "stream must be stdout or stderr, got \"" + stream + "\"").toException();
        };
    }

    // data is JSON already: without an explicit media type RESTEasy writes the String as it is (text/plain)
    // and adds no content-type field to the event
    private static OutboundSseEvent eventSse(Sse sse, KpmEvent event) {
        return sse.newEventBuilder()
                .id(event.meta().eventId())
                .data(String.class, ClientEventJson.of(event))
                .build();
    }

    private OutboundSseEvent outputSse(Sse sse, Job job, OutputItem item) {
        Object data;
        String name;
        if (item instanceof OutputItem.Data d) {
            name = "output";
            data = new OutputData(d.rank(), d.stream(), d.data());
        } else if (item instanceof OutputItem.Truncated t) {
            name = "truncated";
            data = new Truncation(null, null, t.capBytes(), null, GATEWAY_CAP, "output of job " + job.pgid()
                    + " truncated by " + GATEWAY_CAP + " of the gateway: kept the first " + bytes(t.capBytes())
                    + " of all ranks; the rest is on kpm.proc.output only");
        } else if (item instanceof OutputItem.RankTruncated t) {
            name = "truncated";
            String stream = t.stream().name().toLowerCase(Locale.ROOT);
            data = new Truncation(t.rank(), t.stream(), t.keptBytes(), t.droppedBytes(), AGENT_CAP, "rank " + t.rank()
                    + " " + stream + " of job " + job.pgid() + " truncated by " + AGENT_CAP + " on node " + t.nodeId()
                    + ": kept the first " + bytes(t.keptBytes()) + ", dropped " + bytes(t.droppedBytes()));
        } else {
            name = "end";
            data = ((OutputItem.End) item).job();
        }
        return sse.newEventBuilder().name(name).data(String.class, toJson(data)).build();
    }

    /** Bytes exactly, with the binary unit a person reads faster when there is one. */
    static String bytes(long count) {
        String exact = count + (count == 1 ? " byte" : " bytes");
        if (count < 1024) return exact;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return exact + String.format(Locale.ROOT, " (%.1f %s)", value, units[unit]);
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static ScheduledExecutorService timer() {
        return Infrastructure.getDefaultWorkerPool();
    }
}
