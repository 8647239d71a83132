package io.kpm.gateway.jobs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.kpm.gateway.GatewayConfig;
import io.kpm.gateway.kafka.CatchUp;
import io.kpm.schemas.events.AbortRequested;
import io.kpm.schemas.events.JobAborted;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobFailed;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.JobRunning;
import io.kpm.schemas.events.JobScoped;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.OutputChunk;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcLaunchFailed;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.SpawnCompleted;
import io.kpm.schemas.events.SpawnFailed;
import io.kpm.schemas.events.SpawnRequested;

/**
 * Every job the gateway has heard of, built from kpm.spawn.requests, kpm.jobs, kpm.proc.events,
 * kpm.spawn.results and kpm.proc.output. A spawn request belongs to two event logs: the job whose rank asked
 * (its spawner) and the job it became, known only once JobAccepted names its requestId; the topics are read
 * concurrently, so whichever of the two arrives second links them.
 */
@ApplicationScoped
public class JobViews {

    private final ConcurrentMap<Long, Job> jobs = new ConcurrentHashMap<>();
    private final Object requestLinks = new Object();
    private final Map<String, SpawnRequested> requestsAwaitingJob = new HashMap<>();
    private final Map<String, Long> jobOfRequest = new HashMap<>();
    /** spawner pgid -> the pgids its ranks spawned, from each JobAccepted's spawnerPgid */
    private final ConcurrentMap<Long, Set<Long>> spawned = new ConcurrentHashMap<>();

    @Inject
    GatewayConfig config;

    @Inject
    CatchUp catchUp;

    public void apply(KpmEvent event) {
        if (event instanceof SpawnRequested request) {
            applyRequest(request);
            return;
        }
        if (event instanceof JobAccepted accepted && accepted.requestId() != null) linkRequest(accepted);
        if (event instanceof JobAccepted accepted && accepted.spawnerPgid() != null) {
            spawned.computeIfAbsent(accepted.spawnerPgid(), p -> new ConcurrentSkipListSet<>()).add(accepted.pgid());
        }
        if (event instanceof SpawnFailed failed && failed.pgid() == null) forgetRequest(failed.requestId());
        Long pgid = pgidOf(event);
        if (pgid == null) return;
        job(pgid).apply(event);
    }

    private Job job(long pgid) {
        return jobs.computeIfAbsent(pgid, p -> new Job(p, config.outputCap().asLongValue()));
    }

    private void applyRequest(SpawnRequested request) {
        if (request.spawnerPgid() != null) job(request.spawnerPgid()).apply(request);
        if (request.requestId() == null) return;
        Long made;
        synchronized (requestLinks) {
            made = jobOfRequest.get(request.requestId());
            if (made == null) requestsAwaitingJob.put(request.requestId(), request);
        }
        if (made != null) job(made).apply(request);
    }

    /** The job a request became, once its JobAccepted was read. */
    public Optional<Long> pgidOfRequest(String requestId) {
        synchronized (requestLinks) {
            return Optional.ofNullable(jobOfRequest.get(requestId));
        }
    }

    private void linkRequest(JobAccepted accepted) {
        SpawnRequested request;
        synchronized (requestLinks) {
            jobOfRequest.put(accepted.requestId(), accepted.pgid());
            request = requestsAwaitingJob.remove(accepted.requestId());
        }
        if (request != null) job(accepted.pgid()).apply(request);
    }

    /** A refused request never becomes a job: nothing will come to link it to. */
    private void forgetRequest(String requestId) {
        if (requestId == null) return;
        synchronized (requestLinks) {
            requestsAwaitingJob.remove(requestId);
        }
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

    /**
     * The job and every group spawned from it, and from those, breadth first (a spawner before what it
     * spawned, siblings by pgid): what {@code kpm run} follows and {@code kpm events} merges. Empty for an unknown job.
     */
    public List<JobView> family(long pgid) {
        if (find(pgid).isEmpty()) return List.of();
        Set<Long> members = new LinkedHashSet<>();
        Deque<Long> next = new ArrayDeque<>(List.of(pgid));
        while (!next.isEmpty()) {
            long job = next.poll();
            if (!members.add(job)) continue;
            next.addAll(spawned.getOrDefault(job, Set.of()));
        }
        List<JobView> views = new ArrayList<>();
        for (long member : members) find(member).map(Job::view).ifPresent(views::add);
        return views;
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
        if (event instanceof JobScoped e) return e.pgid();
        // a spawn that failed after it became a job names it; a refusal names none
        if (event instanceof SpawnFailed e) return e.pgid();
        return null;
    }
}
