package io.kpm.schemas.events;

import io.kpm.schemas.Topics;

/**
 * A rank's process was started by its node agent. {@code agentRun} names the agent's run (null in events written
 * before it existed): a rank dies with the run that started it, so when the node registers again with another run,
 * the scheduler knows which ranks are gone. {@code cpus}: the cpus the process was bound to at exec (Linux list
 * format, as its {@code Cpus_allowed_list}); null: not bound (it floats over the agent's cpus).
 */
public record ProcStarted(EventMeta meta, long pgid, int rank, String nodeId, long pid, String agentRun, String cpus)
        implements KpmEvent, JobScoped {

    public ProcStarted(EventMeta meta, long pgid, int rank, String nodeId, long pid, String agentRun) {
        this(meta, pgid, rank, nodeId, pid, agentRun, null);
    }

    public ProcStarted(EventMeta meta, long pgid, int rank, String nodeId, long pid) {
        this(meta, pgid, rank, nodeId, pid, null, null);
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
