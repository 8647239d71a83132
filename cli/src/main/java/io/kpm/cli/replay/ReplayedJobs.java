package io.kpm.cli.replay;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.kpm.scheduler.jobs.Job;
import io.kpm.scheduler.jobs.JobBook;
import io.kpm.scheduler.jobs.JobState;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.SpawnFailed;
import io.kpm.schemas.events.SpawnRequested;

/**
 * Every job's state rebuilt from the log by the scheduler's own fold ({@link JobBook}: kpm.jobs, then
 * kpm.proc.events, as the scheduler does on start), and what became of every spawn request.
 */
public final class ReplayedJobs {

    private final JobBook book = new JobBook();
    private final int requests;
    private final int refused;
    private final int unanswered;

    private ReplayedJobs(RecordedLog log) {
        log.jobEvents().forEach(book::apply);
        log.procEvents().forEach(book::apply);
        Set<String> answered = new HashSet<>();
        log.jobEvents().stream().filter(e -> e instanceof JobAccepted)
                .forEach(e -> answered.add(((JobAccepted) e).requestId()));
        Set<String> refusedIds = new HashSet<>();
        log.spawnResults().stream().filter(e -> e instanceof SpawnFailed f && f.pgid() == null)
                .forEach(e -> refusedIds.add(((SpawnFailed) e).requestId()));
        answered.addAll(refusedIds);
        Set<String> asked = new HashSet<>();
        for (KpmEvent event : log.requests()) {
            if (event instanceof SpawnRequested r && r.requestId() != null) asked.add(r.requestId());
        }
        this.requests = asked.size();
        this.refused = (int) asked.stream().filter(refusedIds::contains).count();
        this.unanswered = (int) asked.stream().filter(id -> !answered.contains(id)).count();
    }

    public static ReplayedJobs of(RecordedLog log) {
        return new ReplayedJobs(log);
    }

    public Collection<Job> jobs() {
        return book.jobs();
    }

    public long nextPgid() {
        return book.nextPgid();
    }

    /** How many jobs are in each state, in the order of {@link JobState}. */
    public Map<JobState, Long> countByState() {
        Map<JobState, Long> counts = new TreeMap<>();
        for (Job job : book.jobs()) counts.merge(job.state(), 1L, Long::sum);
        return counts;
    }

    public int requests() {
        return requests;
    }

    public int refused() {
        return refused;
    }

    /** Requests with neither a job nor a refusal: in flight, or lost. */
    public int unanswered() {
        return unanswered;
    }

    public List<Job> jobsInPgidOrder() {
        return book.jobs().stream().sorted((a, b) -> Long.compare(a.pgid(), b.pgid())).toList();
    }
}
