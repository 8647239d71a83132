package io.kpm.cli.stack;

/** What a stack process is. The order is the start order; stopping goes the other way. */
public enum Role {
    BROKER,
    SCHEDULER,
    GATEWAY,
    NODE_AGENT
}
