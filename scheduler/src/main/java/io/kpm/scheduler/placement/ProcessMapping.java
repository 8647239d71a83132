package io.kpm.scheduler.placement;

import java.util.List;

/**
 * MPICH's {@code PMI_process_mapping}: {@code (vector,(start,count,ppn),...)}. Read in order, each triple says
 * that the nodes start..start+count-1 (indexes into the job's node list) each hold the next ppn ranks.
 * We cut the ranks into runs of consecutive ranks on one node and merge runs of equal size on consecutive
 * nodes into one triple, so that the string describes exactly where every rank is.
 */
public final class ProcessMapping {

    private ProcessMapping() {
    }

    /** @param nodeIndexOfRank for every rank in rank order, the index of its node in the job's node list */
    public static String of(List<Integer> nodeIndexOfRank) {
        StringBuilder out = new StringBuilder("(vector");
        int start = -1;
        int count = 0;
        int ppn = 0;
        int i = 0;
        while (i < nodeIndexOfRank.size()) {
            int node = nodeIndexOfRank.get(i);
            int runEnd = i;
            while (runEnd < nodeIndexOfRank.size() && nodeIndexOfRank.get(runEnd) == node) runEnd++;
            int run = runEnd - i;
            if (count > 0 && run == ppn && node == start + count) {
                count++;
            } else {
                if (count > 0) out.append(triple(start, count, ppn));
                start = node;
                count = 1;
                ppn = run;
            }
            i = runEnd;
        }
        if (count > 0) out.append(triple(start, count, ppn));
        return out.append(')').toString();
    }

    private static String triple(int start, int count, int ppn) {
        return ",(" + start + "," + count + "," + ppn + ")";
    }
}
