package io.kpm.scheduler.spawn;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Chooses PMI_IDs: random positive ints from a cryptographic generator, unique among the live ranks, so that a
 * process cannot guess or collide with another job's identity when it connects to the PMI server. They are
 * ints because MPICH's clients parse {@code PMI_ID} as a C int: 31 bits is all the wire carries (the gateway
 * limits guessing instead, docs/security.md). Ids stay above {@link #FLOOR}, so that a client that sends its
 * rank where an id belongs ({@code pmirank=3}) never matches somebody's id.
 */
public final class PmiIds {

    /** The smallest id: far above any rank number. */
    public static final int FLOOR = 1 << 24;

    /** What the scheduler draws from: ids must not be predictable from the ones seen before. */
    public static final RandomGenerator SECURE = new SecureRandom();

    private PmiIds() {
    }

    public static List<Integer> choose(int count, Set<Integer> taken, RandomGenerator random) {
        Set<Integer> used = new HashSet<>(taken);
        List<Integer> ids = new ArrayList<>(count);
        while (ids.size() < count) {
            int id = random.nextInt(FLOOR, Integer.MAX_VALUE);
            if (used.add(id)) ids.add(id);
        }
        return ids;
    }
}
