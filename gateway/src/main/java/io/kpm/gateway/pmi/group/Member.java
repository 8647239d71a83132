package io.kpm.gateway.pmi.group;

import java.util.concurrent.atomic.AtomicBoolean;

/** One rank of a process group as the PMI server knows it: where it runs and whether it has connected. */
public final class Member {

    private final ProcessGroup group;
    private final int rank;
    private final String nodeId;
    private final int appnum;
    private final int pmiId;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private volatile boolean finalized;

    Member(ProcessGroup group, int rank, String nodeId, int appnum, int pmiId) {
        this.group = group;
        this.rank = rank;
        this.nodeId = nodeId;
        this.appnum = appnum;
        this.pmiId = pmiId;
    }

    /** @return false when a connection already presented this PMI_ID */
    public boolean claim() {
        return claimed.compareAndSet(false, true);
    }

    public void finalized() {
        finalized = true;
    }

    public boolean isFinalized() {
        return finalized;
    }

    public ProcessGroup group() {
        return group;
    }

    public int rank() {
        return rank;
    }

    public String nodeId() {
        return nodeId;
    }

    public int appnum() {
        return appnum;
    }

    public int pmiId() {
        return pmiId;
    }
}
