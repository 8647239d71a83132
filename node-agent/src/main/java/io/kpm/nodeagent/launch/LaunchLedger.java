package io.kpm.nodeagent.launch;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import io.kpm.nodeagent.process.RankKey;

/**
 * Every (pgid, rank) this agent has started (or tried to) since it started. Together with committing a record
 * before acting on it, this makes a launch happen at most once: the commit covers restarts, the ledger covers
 * the same request arriving twice in one run.
 */
@Singleton
public class LaunchLedger {

    private final Set<RankKey> claimed = ConcurrentHashMap.newKeySet();

    /** @return true the first time a rank is claimed, false for every repeat */
    public boolean claim(RankKey rank) {
        return claimed.add(rank);
    }
}
