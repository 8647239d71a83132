package io.kpm.scheduler.spawn;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Chooses PMI_IDs: random positive ints, unique among the live ranks, so that a rank cannot guess or collide
 * with another job's identity when it connects to the PMI server.
 */
public final class PmiIds {

    private PmiIds() {
    }

    public static List<Integer> choose(int count, Set<Integer> taken, RandomGenerator random) {
        Set<Integer> used = new HashSet<>(taken);
        List<Integer> ids = new ArrayList<>(count);
        while (ids.size() < count) {
            int id = random.nextInt(1, Integer.MAX_VALUE);
            if (used.add(id)) ids.add(id);
        }
        return ids;
    }
}
