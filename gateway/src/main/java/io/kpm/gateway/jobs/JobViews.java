package io.kpm.gateway.jobs;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.kpm.gateway.GatewayConfig;
import io.kpm.gateway.kafka.CatchUp;
import io.kpm.schemas.events.JobAborted;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobFailed;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.JobRunning;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.OutputChunk;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcLaunchFailed;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.SpawnCompleted;
import io.kpm.schemas.events.SpawnFailed;

/** Every job the gateway has heard of, built from kpm.jobs, kpm.proc.events, kpm.spawn.results, kpm.proc.output. */
@ApplicationScoped
public class JobViews {

    private final ConcurrentMap<Long, Job> jobs = new ConcurrentHashMap<>();

    @Inject
    GatewayConfig config;

    @Inject
    CatchUp catchUp;

    public void apply(KpmEvent event) {
        Long pgid = pgidOf(event);
        if (pgid == null) return;
        jobs.computeIfAbsent(pgid, p -> new Job(p, config.outputCap().asLongValue())).apply(event);
    }

    /** The job with this pgid, once the scheduler accepted it. */
    public Optional<Job> find(long pgid) {
        Job job = jobs.get(pgid);
        return job != null && job.isKnown() ? Optional.of(job) : Optional.empty();
    }

    public List<JobView> list() {
        return jobs.values().stream()
                .filter(Job::isKnown)
                .sorted(Comparator.comparingLong(Job::pgid))
                .map(Job::view)
                .toList();
    }

    public int knownJobs() {
        return (int) jobs.values().stream().filter(Job::isKnown).count();
    }

    /** Whether streams of ended jobs may end: only once everything that was on the topics at start is read. */
    public boolean caughtUp() {
        return catchUp.isCaughtUp();
    }

    public long graceNanos() {
        return config.outputEndGrace().toNanos();
    }

    void onCaughtUp(@Observes CatchUp.CaughtUp caughtUp) {
        jobs.values().forEach(Job::wake);
    }

    static Long pgidOf(KpmEvent event) {
        if (event instanceof JobAccepted e) return e.pgid();
        if (event instanceof JobPlaced e) return e.pgid();
        if (event instanceof JobRunning e) return e.pgid();
        if (event instanceof JobFinished e) return e.pgid();
        if (event instanceof JobFailed e) return e.pgid();
        if (event instanceof JobAborted e) return e.pgid();
        if (event instanceof ProcStarted e) return e.pgid();
        if (event instanceof ProcExited e) return e.pgid();
        if (event instanceof ProcLaunchFailed e) return e.pgid();
        if (event instanceof OutputChunk e) return e.pgid();
        if (event instanceof SpawnCompleted e) return e.pgid();
        if (event instanceof SpawnFailed e) return e.pgid();
        return null;
    }
}
