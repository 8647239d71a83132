package io.kpm.gateway.api;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
import io.kpm.gateway.jobs.Notification;
import io.kpm.gateway.jobs.NotificationFold;
import io.kpm.gateway.jobs.Slice;
import io.kpm.schemas.events.KpmEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * A job's {@code placed}, {@code running} and {@code terminated} notifications (PMIx's allocation and completion
 * notifications), made from the same event stream as {@code /api/v1/jobs/{pgid}/events}: as server-sent events
 * named by type, or by long-poll for clients that cannot hold a stream open ({@code poll?after=N&timeout=S}: the
 * notifications from index N on, as soon as there is one, or none after S seconds).
 */
@Path("/api/v2/jobs/{pgid}/notifications")
public class JobNotificationsResource {

    /** The long-poll answer: {@code next} is the {@code after} of the next poll; {@code done}: no more will come. */
    public record NotificationPoll(List<Notification> notifications, int next, boolean done) {
    }

    static final int MAX_POLL_SECONDS = 300;

    @Inject
    JobViews jobs;

    @Inject
    ObjectMapper json;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@PathParam("pgid") String pgid, @Context Sse sse) {
        Job job = JobsResource.find(jobs, pgid);
        return Multi.createFrom().deferred(() -> {
            NotificationFold fold = new NotificationFold(job.pgid());
            return JobFollower.follow(job, i -> job.eventsFrom(i, jobs.caughtUp(), jobs.graceNanos()), timer())
                    .onItem().transformToIterable(fold::next)
                    .onCompletion().switchTo(() -> Multi.createFrom().iterable(fold.finish()));
        }).map(n -> sse.newEventBuilder().name(n.type()).data(String.class, toJson(n)).build());
    }

    @GET
    @Path("poll")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<NotificationPoll> poll(@PathParam("pgid") String pgid, @QueryParam("after") @DefaultValue("0") int after,
            @QueryParam("timeout") @DefaultValue("30") int timeout) {
        Job job = JobsResource.find(jobs, pgid);
        if (after < 0) throw Problem.of(400, "invalid-parameter", "after must be 0 or more, got " + after).toException();
        if (timeout < 0 || timeout > MAX_POLL_SECONDS) {
            throw Problem.of(400, "invalid-parameter", "timeout must be 0 to " + MAX_POLL_SECONDS + " seconds, got "
                    + timeout).toException();
        }
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean answered = new AtomicBoolean();
            Runnable[] look = new Runnable[1];
            look[0] = () -> {
                if (answered.get()) return;
                Slice<KpmEvent> slice = job.eventsFrom(0, jobs.caughtUp(), jobs.graceNanos());
                List<Notification> all = NotificationFold.of(job.pgid(), slice.items(), slice.complete());
                if ((all.size() > after || slice.complete()) && answered.compareAndSet(false, true)) {
                    emitter.complete(new NotificationPoll(List.copyOf(all.subList(Math.min(after, all.size()), all.size())),
                            Math.max(after, all.size()), slice.complete()));
                } else if (slice.wakeInNanos() >= 0) {
                    // the job ended and its last events are due: look again when their grace is over
                    timer().schedule(look[0], slice.wakeInNanos() + TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.NANOSECONDS);
                }
            };
            job.addListener(look[0]);
            ScheduledFuture<?> giveUp = timer().schedule(() -> {
                if (answered.compareAndSet(false, true)) emitter.complete(new NotificationPoll(List.of(), after, false));
            }, timeout, TimeUnit.SECONDS);
            emitter.onTermination(() -> {
                job.removeListener(look[0]);
                giveUp.cancel(false);
            });
            look[0].run();
        });
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a notification as JSON", e);
        }
    }

    private static ScheduledExecutorService timer() {
        return Infrastructure.getDefaultWorkerPool();
    }
}
