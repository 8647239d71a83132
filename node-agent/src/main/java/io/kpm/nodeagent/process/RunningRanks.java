package io.kpm.nodeagent.process;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

/** The ranks this agent started whose ProcExited has not been published yet. */
@Singleton
public class RunningRanks {

    private final Map<RankKey, RankProcess> ranks = new ConcurrentHashMap<>();

    public void add(RankProcess rank) {
        ranks.put(rank.key(), rank);
    }

    public void remove(RankProcess rank) {
        ranks.remove(rank.key(), rank);
    }

    public List<RankProcess> ofJob(long pgid) {
        return ranks.values().stream().filter(r -> r.pgid() == pgid).toList();
    }

    public List<RankProcess> all() {
        return List.copyOf(ranks.values());
    }

    public int count() {
        return ranks.size();
    }
}
