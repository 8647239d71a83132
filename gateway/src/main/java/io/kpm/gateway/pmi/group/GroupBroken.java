package io.kpm.gateway.pmi.group;

/**
 * A barrier of a group that can never complete (a rank exited without finalize, or the job ended).
 * {@code abortJob}: the job is still running and nobody has asked to end it yet; the one who gets this must.
 */
public final class GroupBroken extends RuntimeException {

    private final boolean abortJob;

    public GroupBroken(String message, boolean abortJob) {
        super(message, null, false, false);
        this.abortJob = abortJob;
    }

    public GroupBroken(String message) {
        this(message, false);
    }

    public boolean abortJob() {
        return abortJob;
    }
}
