package io.kpm.gateway.jobs;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * Turns a job's growing list (events or output) into a stream: everything from the first item, then each new
 * item as it arrives, until the job's {@link Slice} says complete. One follower looks at the job at a time
 * (synchronized), so items are emitted exactly once and in order, whichever thread wakes it.
 */
public final class JobFollower<T> {

    private final Job job;
    private final IntFunction<Slice<T>> source;
    private final MultiEmitter<? super T> emitter;
    private final ScheduledExecutorService timer;
    private final Runnable listener = this::look;
    private int next;
    private boolean done;
    private boolean wakeScheduled;

    private JobFollower(Job job, IntFunction<Slice<T>> source, MultiEmitter<? super T> emitter,
            ScheduledExecutorService timer) {
        this.job = job;
        this.source = source;
        this.emitter = emitter;
        this.timer = timer;
    }

    /** @param source gives the slice of the job from an index on (see {@link Job#eventsFrom}, {@link Job#outputFrom}) */
    public static <T> Multi<T> follow(Job job, IntFunction<Slice<T>> source, ScheduledExecutorService timer) {
        return Multi.createFrom().emitter(emitter -> {
            JobFollower<T> follower = new JobFollower<>(job, source, emitter, timer);
            job.addListener(follower.listener);
            emitter.onTermination(() -> job.removeListener(follower.listener));
            follower.look();
        });
    }

    private synchronized void look() {
        if (done) return;
        if (emitter.isCancelled()) {
            done = true;
            return;
        }
        Slice<T> slice = source.apply(next);
        next = slice.next();
        for (T item : slice.items()) emitter.emit(item);
        if (slice.complete()) {
            done = true;
            emitter.complete();
        } else if (slice.wakeInNanos() >= 0 && !wakeScheduled) {
            wakeScheduled = true;
            timer.schedule(this::wakeUp, slice.wakeInNanos() + TimeUnit.MILLISECONDS.toNanos(10),
                    TimeUnit.NANOSECONDS);
        }
    }

    private void wakeUp() {
        synchronized (this) {
            wakeScheduled = false;
        }
        look();
    }
}
