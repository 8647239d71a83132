package io.kpm.schemas;

import java.util.List;
import java.util.Optional;

/** The names of kpm's topics and how each one is created. The topic table of DESIGN.md, in code. */
public final class Topics {
    public static final String SPAWN_REQUESTS = "kpm.spawn.requests";
    public static final String JOBS = "kpm.jobs";
    public static final String LAUNCH = "kpm.launch";
    public static final String PROC_EVENTS = "kpm.proc.events";
    public static final String PROC_OUTPUT = "kpm.proc.output";
    public static final String PROC_INPUT = "kpm.proc.input";
    public static final String SPAWN_RESULTS = "kpm.spawn.results";
    public static final String NODES = "kpm.nodes";
    public static final String PMI_AUDIT = "kpm.pmi.audit";

    /**
     * How a topic is created when kpm creates it. {@code kpm.launch} has many partitions because a node agent
     * reads only the partition its own nodeId hashes to; {@code kpm.nodes} is compacted so that it is the
     * live registry (the last event per node). {@code retention} is the time and size (per partition) Kafka keeps
     * of a topic that is not compacted; a compacted topic keeps the last event per key whatever it says.
     */
    public record TopicSpec(String name, int partitions, boolean compacted, Retention retention) {

        public TopicSpec withRetention(Retention newRetention) {
            return new TopicSpec(name, partitions, compacted, newRetention);
        }
    }

    private static final long GIB = 1L << 30;

    public static final List<TopicSpec> ALL = List.of(
            // The job history is kept for good: the scheduler takes the next pgid from the largest one on kpm.jobs
            // and skips requests already turned into jobs, so deleting history would reuse pgids and could run an
            // old request twice; and the log is the audit trail and the replay source of every job.
            new TopicSpec(SPAWN_REQUESTS, 1, false, Retention.FOREVER),
            new TopicSpec(JOBS, 1, false, Retention.FOREVER),
            // Commands to agents matter for seconds: an agent skips a launch older than kpm.agent.launch-max-age
            // and the job's own record is on kpm.jobs / kpm.proc.events. A week leaves time to look at them.
            new TopicSpec(LAUNCH, 16, false, Retention.ofDays(7, Retention.UNLIMITED)),
            new TopicSpec(PROC_EVENTS, 1, false, Retention.FOREVER),
            // Output is the one topic whose size the ranks decide (the agent caps each rank's streams at
            // kpm.agent.output-cap, but not the number of ranks or jobs): bounded in time and in size.
            new TopicSpec(PROC_OUTPUT, 1, false, Retention.ofDays(30, 10 * GIB)),
            // stdin for ranks, keyed by node as kpm.launch is (an agent reads only its own partition). It matters
            // while its job runs; the log is also the buffer between a fast writer and a slow reader, hence a size
            // bound too.
            new TopicSpec(PROC_INPUT, 16, false, Retention.ofDays(1, GIB)),
            new TopicSpec(SPAWN_RESULTS, 1, false, Retention.FOREVER),
            new TopicSpec(NODES, 1, true, Retention.FOREVER),
            // Every PMI request and answer: invaluable for debugging a recent job, large for big ones.
            new TopicSpec(PMI_AUDIT, 1, false, Retention.ofDays(30, GIB)));

    /** kpm's topic of that name, if it is one. */
    public static Optional<TopicSpec> find(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The names of kpm's topics, for messages that list them. */
    public static String names() {
        return String.join(", ", ALL.stream().map(TopicSpec::name).toList());
    }

    private Topics() {
    }
}
