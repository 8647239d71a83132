package io.kpm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.kpm.broker.TopicReader;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.JobAborted;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobFailed;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobScoped;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.ProcStarted;

/**
 * The committed job history of a stack (kpm.jobs and kpm.proc.events), and the checks every fault test makes on
 * it: a request ran at most once, no pgid was used twice, no rank was launched twice, every job ended once.
 */
record JobLog(List<KpmEvent> jobs, List<KpmEvent> procs) {

    static JobLog read(String bootstrap) {
        return new JobLog(TopicReader.readAll(bootstrap, Topics.JOBS), TopicReader.readAll(bootstrap, Topics.PROC_EVENTS));
    }

    List<JobAccepted> accepted() {
        return jobs.stream().filter(JobAccepted.class::isInstance).map(JobAccepted.class::cast).toList();
    }

    List<JobFailed> failed() {
        return jobs.stream().filter(JobFailed.class::isInstance).map(JobFailed.class::cast).toList();
    }

    /** Every pgid once, every request once, every rank started at most once, every job ended exactly once. */
    void assertEveryRequestRanOnce() {
        Map<Long, Long> perPgid = accepted().stream().collect(Collectors.groupingBy(JobAccepted::pgid, TreeMap::new,
                Collectors.counting()));
        perPgid.forEach((pgid, n) -> assertEquals(1L, n, "JobAccepted events for pgid " + pgid));
        Map<String, List<Long>> perRequest = new HashMap<>();
        accepted().forEach(a -> perRequest.computeIfAbsent(a.requestId(), r -> new ArrayList<>()).add(a.pgid()));
        perRequest.forEach((request, pgids) -> assertEquals(1, pgids.size(), "jobs made for request " + request + ": " + pgids));
        Map<String, Long> starts = procs.stream().filter(ProcStarted.class::isInstance).map(ProcStarted.class::cast)
                .collect(Collectors.groupingBy(s -> s.pgid() + "/" + s.rank(), Collectors.counting()));
        starts.forEach((rank, n) -> assertEquals(1L, n, "launches of rank pgid/rank " + rank));
        Map<Long, Long> ends = jobs.stream()
                .filter(e -> e instanceof JobFinished || e instanceof JobFailed || e instanceof JobAborted)
                .collect(Collectors.groupingBy(e -> ((JobScoped) e).pgid(), Collectors.counting()));
        for (long pgid : perPgid.keySet()) assertEquals(1L, ends.getOrDefault(pgid, 0L), "end events of job " + pgid);
    }
}
