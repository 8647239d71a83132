package io.kpm.nodeagent.process;

/** One rank of one job: the unit a launch is carried out for at most once. */
public record RankKey(long pgid, int rank) {

    @Override
    public String toString() {
        return "job " + pgid + " rank " + rank;
    }
}
