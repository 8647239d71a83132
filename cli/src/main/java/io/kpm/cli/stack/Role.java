package io.kpm.cli.stack;

/** What a stack process is. The order is the start order; stopping goes the other way. */
public enum Role {
    BROKER,
    /**
     * The scheduler, the gateway and the one node agent of a one-node stack in a single JVM (the all-in-one
     * module): one set of classes, compilers and threads instead of three (docs/performance.md).
     */
    SERVICES,
    SCHEDULER,
    GATEWAY,
    NODE_AGENT;

    /** Serves the REST API and PMI. */
    public boolean hasGateway() {
        return this == GATEWAY || this == SERVICES;
    }

    /** Runs ranks: stopped first, politely, so that it kills them. */
    public boolean hasNodeAgent() {
        return this == NODE_AGENT || this == SERVICES;
    }
}
