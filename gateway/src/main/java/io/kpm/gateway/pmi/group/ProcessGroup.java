package io.kpm.gateway.pmi.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.kpm.schemas.events.AppSpec;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobPlaced;
import io.kpm.schemas.events.RankPlacement;

/**
 * The PMI state of one process group (pgid): its KVS (pre-filled with {@code PMI_process_mapping} and the
 * spawner's preput keys), its barrier, its node attributes and its members. All state changes happen under
 * the group's lock; futures are completed outside it, because completing one writes to a socket.
 */
public final class ProcessGroup {

    public static final String PROCESS_MAPPING = "PMI_process_mapping";

    private final long pgid;
    private final String kvsname;
    private final int size;
    private final Long spawnerPgid;
    private final String spawnerKvsname;
    private final List<AppSpec> apps;
    private final Map<String, String> kvs = new HashMap<>();
    private final Map<Integer, Member> members = new HashMap<>();
    private final Map<String, Map<String, String>> nodeAttrs = new HashMap<>();
    private final Map<String, List<NodeAttrWaiter>> nodeAttrWaiters = new HashMap<>();
    private List<CompletableFuture<Void>> barrierWaiters = new ArrayList<>();
    private final List<Integer> exitedUnfinalized = new ArrayList<>();
    private String processMapping;
    private String brokenReason;
    /** Set once AbortRequested is (to be) published for a broken group, so it is asked for once. */
    private boolean abortAsked;
    private boolean ended;

    private record NodeAttrWaiter(String key, CompletableFuture<String> answer) {
    }

    ProcessGroup(JobAccepted accepted, String spawnerKvsname) {
        this.pgid = accepted.pgid();
        this.kvsname = accepted.kvsname();
        this.size = accepted.size();
        this.spawnerPgid = accepted.spawnerPgid();
        this.spawnerKvsname = spawnerKvsname;
        this.apps = accepted.apps();
        this.kvs.putAll(accepted.preput());
    }

    /** @return the members created from the placement */
    synchronized List<Member> place(JobPlaced placed) {
        if (placed.processMapping() != null && !placed.processMapping().isBlank()) {
            processMapping = placed.processMapping();
            kvs.put(PROCESS_MAPPING, processMapping);
        }
        List<Member> created = new ArrayList<>();
        for (RankPlacement r : placed.ranks()) {
            Member m = new Member(this, r.rank(), r.nodeId(), r.appnum(), r.pmiId());
            members.put(r.rank(), m);
            created.add(m);
        }
        return created;
    }

    public synchronized void put(String key, String value) {
        kvs.put(key, value);
    }

    public synchronized Optional<String> get(String key) {
        return Optional.ofNullable(kvs.get(key));
    }

    /**
     * Enters the group's barrier (PMI-1 barrier_in, PMI-2 kvs-fence): completes when all {@code size} ranks
     * entered, fails with {@link GroupBroken} when that can no longer happen.
     */
    public CompletableFuture<Void> enterBarrier() {
        List<CompletableFuture<Void>> release;
        CompletableFuture<Void> mine = new CompletableFuture<>();
        synchronized (this) {
            if (brokenReason != null) {
                boolean abort = !ended && !abortAsked;
                abortAsked = true;
                return CompletableFuture.failedFuture(new GroupBroken(brokenReason, abort));
            }
            barrierWaiters.add(mine);
            if (barrierWaiters.size() < size) return mine;
            release = barrierWaiters;
            barrierWaiters = new ArrayList<>();
        }
        release.forEach(f -> f.complete(null));
        return mine;
    }

    public synchronized int waitingInBarrier() {
        return barrierWaiters.size();
    }

    /**
     * A rank's process ended. If it never finalized, no later barrier can complete: the group is broken, and
     * the ranks waiting are failed.
     *
     * @return the reason when ranks were waiting in a barrier (the job must then be aborted), else empty
     */
    public Optional<String> rankExited(int rank) {
        List<CompletableFuture<Void>> fail;
        String reason;
        synchronized (this) {
            Member m = members.get(rank);
            if (m != null && m.isFinalized()) return Optional.empty();
            exitedUnfinalized.add(rank);
            if (brokenReason == null) {
                brokenReason = "rank " + rank + " of pgid " + pgid + " exited without PMI finalize, so no barrier"
                        + " of the group can complete";
            }
            if (barrierWaiters.isEmpty()) return Optional.empty();
            reason = "rank " + rank + " exited without PMI finalize while " + barrierWaiters.size()
                    + " rank(s) of pgid " + pgid + " wait in a barrier";
            fail = barrierWaiters;
            barrierWaiters = new ArrayList<>();
            abortAsked = true;
        }
        GroupBroken broken = new GroupBroken(reason);
        fail.forEach(f -> f.completeExceptionally(broken));
        return Optional.of(reason);
    }

    /** The job ended: whoever still waits is answered with an error. */
    void ended(String why) {
        List<CompletableFuture<Void>> fail;
        List<NodeAttrWaiter> attrs = new ArrayList<>();
        synchronized (this) {
            ended = true;
            brokenReason = brokenReason != null ? brokenReason : why;
            fail = barrierWaiters;
            barrierWaiters = new ArrayList<>();
            nodeAttrWaiters.values().forEach(attrs::addAll);
            nodeAttrWaiters.clear();
        }
        GroupBroken broken = new GroupBroken(why);
        fail.forEach(f -> f.completeExceptionally(broken));
        attrs.forEach(w -> w.answer().completeExceptionally(broken));
    }

    public void putNodeAttr(String nodeId, String key, String value) {
        List<NodeAttrWaiter> release = new ArrayList<>();
        synchronized (this) {
            nodeAttrs.computeIfAbsent(nodeId, n -> new HashMap<>()).put(key, value);
            List<NodeAttrWaiter> waiting = nodeAttrWaiters.getOrDefault(nodeId, List.of());
            for (NodeAttrWaiter w : List.copyOf(waiting)) {
                if (w.key().equals(key)) {
                    release.add(w);
                    waiting.remove(w);
                }
            }
        }
        release.forEach(w -> w.answer().complete(value));
    }

    /** @param waitForIt true: completes once the key exists on that node; false: at once, null if missing */
    public synchronized CompletableFuture<String> getNodeAttr(String nodeId, String key, boolean waitForIt) {
        String value = nodeAttrs.getOrDefault(nodeId, Map.of()).get(key);
        if (value != null || !waitForIt) return CompletableFuture.completedFuture(value);
        if (brokenReason != null) return CompletableFuture.failedFuture(new GroupBroken(brokenReason));
        CompletableFuture<String> answer = new CompletableFuture<>();
        nodeAttrWaiters.computeIfAbsent(nodeId, n -> new ArrayList<>()).add(new NodeAttrWaiter(key, answer));
        return answer;
    }

    public synchronized Optional<Member> member(int rank) {
        return Optional.ofNullable(members.get(rank));
    }

    synchronized List<Member> members() {
        return List.copyOf(members.values());
    }

    public synchronized String processMapping() {
        return processMapping;
    }

    public long pgid() {
        return pgid;
    }

    public String kvsname() {
        return kvsname;
    }

    public int size() {
        return size;
    }

    public Long spawnerPgid() {
        return spawnerPgid;
    }

    /** The spawner's kvsname, or null for a group nobody spawned. */
    public String spawnerKvsname() {
        return spawnerKvsname;
    }

    public List<AppSpec> apps() {
        return apps;
    }
}
