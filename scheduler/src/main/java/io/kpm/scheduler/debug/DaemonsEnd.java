package io.kpm.scheduler.debug;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.kpm.schemas.events.AbortRequested;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.scheduler.jobs.Job;
import io.kpm.scheduler.placement.DebugTarget;
import io.kpm.scheduler.proc.JobProgress;

/**
 * Debugger daemons end when the job they debug ends: a pure decision, like {@link JobProgress}'s. A daemon job whose
 * target has ended (however: finished, failed, aborted) is aborted with exit code 0 and a reason naming the target,
 * which sends kills to its nodes. Daemons that end on their own before that simply finish.
 */
public final class DaemonsEnd {

    /** The daemons did what they were for; their end is no failure. */
    public static final int EXIT_CODE = 0;

    private DaemonsEnd() {
    }

    /** @param target the job the daemons debug, empty when the book does not know it (then they are left alone) */
    public static List<KpmEvent> afterTarget(Job daemons, Optional<Job> target, Supplier<EventMeta> meta) {
        if (daemons.ended() || target.isEmpty() || !target.get().ended()) return List.of();
        Job t = target.get();
        String reason = "debugger daemons of job " + t.pgid() + " end with it (it " + t.state().name().toLowerCase()
                + (t.exitCode() == null ? "" : " with exit code " + t.exitCode()) + ")";
        return JobProgress.abort(daemons, new AbortRequested(meta.get(), "debug-end-" + daemons.pgid(), daemons.pgid(),
                reason, EXIT_CODE), meta);
    }

    /** The pgid a job debugs, when it is a job of debugger daemons. */
    public static Optional<Long> targetOf(Job job) {
        return DebugTarget.of(job.jobInfo()) instanceof DebugTarget.Named named
                ? Optional.of(named.target().pgid()) : Optional.empty();
    }
}
