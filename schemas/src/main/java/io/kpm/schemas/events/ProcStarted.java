package io.kpm.schemas.events;

import io.kpm.schemas.Topics;

/**
 * A rank's process was started by its node agent. {@code agentRun} names the agent's run (null in events written
 * before it existed): a rank dies with the run that started it, so when the node registers again with another run,
 * the scheduler knows which ranks are gone.
 */
public record ProcStarted(EventMeta meta, long pgid, int rank, String nodeId, long pid, String agentRun)
        implements KpmEvent, JobScoped {

    public ProcStarted(EventMeta meta, long pgid, int rank, String nodeId, long pid) {
        this(meta, pgid, rank, nodeId, pid, null);
    }

    @Override
    public String kafkaKey() {
        return Long.toString(pgid);
    }

    @Override
    public String topic() {
        return Topics.PROC_EVENTS;
    }
}
