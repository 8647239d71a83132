package io.kpm.schemas;

import java.util.List;

/** The names of kpm's topics and how each one is created. The topic table of DESIGN.md, in code. */
public final class Topics {
    public static final String SPAWN_REQUESTS = "kpm.spawn.requests";
    public static final String JOBS = "kpm.jobs";
    public static final String LAUNCH = "kpm.launch";
    public static final String PROC_EVENTS = "kpm.proc.events";
    public static final String PROC_OUTPUT = "kpm.proc.output";
    public static final String SPAWN_RESULTS = "kpm.spawn.results";
    public static final String NODES = "kpm.nodes";
    public static final String PMI_AUDIT = "kpm.pmi.audit";

    /**
     * How a topic is created when kpm creates it. {@code kpm.launch} has many partitions because a node agent
     * reads only the partition its own nodeId hashes to; {@code kpm.nodes} is compacted so that it is the
     * live registry (the last event per node).
     */
    public record TopicSpec(String name, int partitions, boolean compacted) {
    }

    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(SPAWN_REQUESTS, 1, false),
            new TopicSpec(JOBS, 1, false),
            new TopicSpec(LAUNCH, 16, false),
            new TopicSpec(PROC_EVENTS, 1, false),
            new TopicSpec(PROC_OUTPUT, 1, false),
            new TopicSpec(SPAWN_RESULTS, 1, false),
            new TopicSpec(NODES, 1, true),
            new TopicSpec(PMI_AUDIT, 1, false));

    private Topics() {
    }
}
