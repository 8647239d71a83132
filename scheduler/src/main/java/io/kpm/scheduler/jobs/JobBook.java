package io.kpm.scheduler.jobs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import io.kpm.schemas.events.JobAborted;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobFailed;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.JobRunning;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcLaunchFailed;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.SpawnFailed;

/**
 * Every job's state as a fold over kpm.jobs, kpm.proc.events and the refusals on kpm.spawn.results: {@link #apply} each event in log order and
 * the book is what the log says. Applying an event twice, or an older process event after a newer one,
 * changes nothing, so re-reading a topic from the start is safe. Not thread-safe: {@link Jobs} guards it.
 */
public final class JobBook {

    private static final Logger LOG = Logger.getLogger(JobBook.class);

    private final Map<Long, Job> jobs = new LinkedHashMap<>();
    private final Map<String, Long> pgidByRequest = new HashMap<>();
    private final Map<String, SpawnFailed> refusals = new HashMap<>();
    private long nextPgid;

    public void apply(KpmEvent event) {
        if (event instanceof JobAccepted e) {
            accepted(e);
        } else if (event instanceof JobPlaced e) {
            job(e.pgid()).ifPresent(j -> j.placed(e));
        } else if (event instanceof JobRunning e) {
            job(e.pgid()).ifPresent(Job::running);
        } else if (event instanceof JobFinished e) {
            job(e.pgid()).ifPresent(j -> j.ended(JobState.FINISHED, e.exitCode(), null, e.meta().time()));
        } else if (event instanceof JobFailed e) {
            job(e.pgid()).ifPresent(j -> j.ended(JobState.FAILED, e.exitCode(), e.reason(), e.meta().time()));
        } else if (event instanceof JobAborted e) {
            job(e.pgid()).ifPresent(j -> j.ended(JobState.ABORTED, e.exitCode(), e.reason(), e.meta().time()));
        } else if (event instanceof SpawnFailed e) {
            // refused before it became a job: its requester was told so, it must never run
            if (e.pgid() == null && e.requestId() != null) refusals.putIfAbsent(e.requestId(), e);
        } else if (event instanceof ProcStarted e) {
            rank(e.pgid(), e.rank(), e).ifPresent(r -> r.started(e.pid(), e.agentRun()));
        } else if (event instanceof ProcExited e) {
            rank(e.pgid(), e.rank(), e).ifPresent(r -> r.exited(e.exitCode()));
        } else if (event instanceof ProcLaunchFailed e) {
            rank(e.pgid(), e.rank(), e).ifPresent(r -> r.launchFailed(e.reason(), e.message()));
        }
        // other events say nothing about job state
    }

    private void accepted(JobAccepted e) {
        if (jobs.containsKey(e.pgid())) return;
        jobs.put(e.pgid(), new Job(e));
        if (e.requestId() != null) pgidByRequest.put(e.requestId(), e.pgid());
        nextPgid = Math.max(nextPgid, e.pgid() + 1);
    }

    private Optional<Rank> rank(long pgid, int rank, KpmEvent event) {
        Job job = jobs.get(pgid);
        if (job == null) {
            LOG.debugf("%s for unknown job %d ignored", event.typeName(), pgid);
            return Optional.empty();
        }
        Optional<Rank> found = job.rank(rank);
        if (found.isEmpty()) LOG.warnf("%s names rank %d, but job %d has %d ranks: ignored", event.typeName(), rank,
                pgid, job.ranks().size());
        return found;
    }

    public Optional<Job> job(long pgid) {
        return Optional.ofNullable(jobs.get(pgid));
    }

    /** The pgid the next accepted job gets: one more than the largest ever accepted, 0 for an empty log. */
    public long nextPgid() {
        return nextPgid;
    }

    /** The pgid of the job made for this spawn request, if one was. */
    public Optional<Long> pgidOfRequest(String requestId) {
        return Optional.ofNullable(pgidByRequest.get(requestId));
    }

    /** True when this request became a job or was refused: either way it was answered and is not decided again. */
    public boolean answered(String requestId) {
        return pgidByRequest.containsKey(requestId) || refusals.containsKey(requestId);
    }

    /** How this request was refused, if it was: the answer to give again when it is sent again. */
    public Optional<SpawnFailed> refusal(String requestId) {
        return Optional.ofNullable(refusals.get(requestId));
    }

    public Collection<Job> jobs() {
        return Collections.unmodifiableCollection(jobs.values());
    }

    public Collection<Job> liveJobs() {
        return jobs.values().stream().filter(j -> !j.ended()).toList();
    }

    /**
     * The jobs not ended yet that were spawned from this one, from those, and so on: spawners before what they
     * spawned. An ended group in between still passes its own spawned groups on.
     */
    public List<Job> liveSpawnedFrom(long pgid) {
        List<Job> found = new ArrayList<>();
        List<Long> frontier = List.of(pgid);
        Set<Long> seen = new HashSet<>(frontier);
        while (!frontier.isEmpty()) {
            List<Long> next = new ArrayList<>();
            for (Job job : jobs.values()) {
                if (job.spawnerPgid() == null || !frontier.contains(job.spawnerPgid()) || !seen.add(job.pgid())) continue;
                next.add(job.pgid());
                if (!job.ended()) found.add(job);
            }
            frontier = next;
        }
        return found;
    }

    /** The first job up the spawner chain of this one that was not spawned by a known job (itself if it was not). */
    public Job familyRoot(Job job) {
        Job root = job;
        Set<Long> seen = new HashSet<>();
        while (root.spawnerPgid() != null && seen.add(root.pgid())) {
            Job spawner = jobs.get(root.spawnerPgid());
            if (spawner == null) break;
            root = spawner;
        }
        return root;
    }

    /** The PMI_IDs of every rank of every job that has not ended: a new rank's PMI_ID must be none of these. */
    public Set<Integer> livePmiIds() {
        Set<Integer> ids = new HashSet<>();
        for (Job job : jobs.values()) {
            if (!job.ended()) job.ranks().forEach(r -> ids.add(r.pmiId()));
        }
        return ids;
    }
}
