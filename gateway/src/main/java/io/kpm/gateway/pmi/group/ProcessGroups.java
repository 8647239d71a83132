package io.kpm.gateway.pmi.group;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.kpm.schemas.events.JobAborted;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobFailed;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.ProcExited;

/**
 * Every process group the PMI server may serve, built from kpm.jobs ({@code JobAccepted} creates the group
 * with its preput keys, {@code JobPlaced} adds the mapping and the members by PMI_ID) and forgotten when the
 * job ends.
 */
@ApplicationScoped
public class ProcessGroups {

    private final Map<Long, ProcessGroup> byPgid = new ConcurrentHashMap<>();
    private final Map<String, ProcessGroup> byKvsname = new ConcurrentHashMap<>();
    private final Map<Integer, Member> byPmiId = new ConcurrentHashMap<>();

    /**
     * Applies a job or process event.
     *
     * @return for a {@code ProcExited} that leaves ranks waiting in a barrier forever, why the job must be
     *         aborted; else empty
     */
    public Optional<String> apply(KpmEvent event) {
        if (event instanceof JobAccepted e) {
            if (!byPgid.containsKey(e.pgid())) {
                String spawner = e.spawnerPgid() == null ? null
                        : find(e.spawnerPgid()).map(ProcessGroup::kvsname).orElse("kvs_kpm_" + e.spawnerPgid());
                ProcessGroup g = new ProcessGroup(e, spawner);
                byPgid.put(e.pgid(), g);
                byKvsname.put(e.kvsname(), g);
            }
        } else if (event instanceof JobPlaced e) {
            ProcessGroup g = byPgid.get(e.pgid());
            if (g != null) g.place(e).forEach(m -> byPmiId.put(m.pmiId(), m));
        } else if (event instanceof ProcExited e) {
            ProcessGroup g = byPgid.get(e.pgid());
            if (g != null) return g.rankExited(e.rank());
        } else if (event instanceof JobFinished e) {
            tellSpawner(e.pgid(), "FINISHED", e.exitCode());
            forget(e.pgid(), "the job finished");
        } else if (event instanceof JobFailed e) {
            tellSpawner(e.pgid(), "FAILED", e.exitCode());
            forget(e.pgid(), "the job failed: " + e.reason());
        } else if (event instanceof JobAborted e) {
            tellSpawner(e.pgid(), "ABORTED", e.exitCode());
            forget(e.pgid(), "the job was aborted: " + e.reason());
        }
        return Optional.empty();
    }

    /** The KVS key by which a spawning group learns that a group it spawned ended, for that group's kvsname. */
    public static String childEndedKey(String childKvsname) {
        return "kpm-ended-" + childKvsname;
    }

    /**
     * A group spawned from a group still here ended: its spawner's KVS gets {@link #childEndedKey} =
     * {@code STATE,exitCode} (FINISHED, FAILED, ABORTED), which any of the spawner's ranks can get at once, without a
     * fence (PMI-2 knows the child by the jobid its spawn answered). PMI has no events; this is the completion
     * notification kpm offers a spawning rank (docs/pmix-spawn.md).
     */
    private void tellSpawner(long pgid, String state, Integer exitCode) {
        ProcessGroup child = byPgid.get(pgid);
        if (child == null || child.spawnerPgid() == null) return;
        ProcessGroup spawner = byPgid.get(child.spawnerPgid());
        if (spawner == null) return;
        spawner.put(childEndedKey(child.kvsname()), state + "," + (exitCode == null ? "" : exitCode));
    }

    private void forget(long pgid, String why) {
        ProcessGroup g = byPgid.remove(pgid);
        if (g == null) return;
        byKvsname.remove(g.kvsname(), g);
        List<Member> members = g.members();
        members.forEach(m -> byPmiId.remove(m.pmiId(), m));
        g.ended(why);
    }

    public Optional<ProcessGroup> find(long pgid) {
        return Optional.ofNullable(byPgid.get(pgid));
    }

    public Optional<ProcessGroup> findByKvsname(String kvsname) {
        return Optional.ofNullable(byKvsname.get(kvsname));
    }

    public Optional<Member> findByPmiId(int pmiId) {
        return Optional.ofNullable(byPmiId.get(pmiId));
    }
}
