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
import io.kpm.schemas.serde.EventJson;
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

    /** The {@code truncated} event: the job wrote more than the gateway keeps. */
    public record Truncation(long capBytes, String message) {
    }

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
                .filter(item -> !(item instanceof OutputItem.Data d)
                        || ((rank == null || d.rank() == rank) && (only == null || d.stream() == only)))
                .map(item -> outputSse(sse, job, item));
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
                .data(String.class, EventJson.toJson(event))
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
            data = new Truncation(t.capBytes(), "job " + job.pgid() + " wrote more than the gateway keeps ("
                    + t.capBytes() + " bytes, kpm.gateway.output-cap); the rest is on kpm.proc.output only");
        } else {
            name = "end";
            data = ((OutputItem.End) item).job();
        }
        return sse.newEventBuilder().name(name).data(String.class, toJson(data)).build();
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
