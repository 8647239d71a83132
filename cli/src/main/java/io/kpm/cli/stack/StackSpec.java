package io.kpm.cli.stack;

import io.kpm.schemas.RetentionOverrides;

/**
 * What stack to start: {@code nodes} node agents ({@code cores} each, null: the machine's), on these ports,
 * with state in {@code layout}; {@code externalKafka} (host:port) instead of an own broker when not null;
 * {@code topicRetention}: the retention to create kpm's topics with where it is not kpm's default.
 */
public record StackSpec(int nodes, Integer cores, StackPorts ports, StackLayout layout, String externalKafka,
                        RetentionOverrides topicRetention) {

    public StackSpec(int nodes, Integer cores, StackPorts ports, StackLayout layout, String externalKafka) {
        this(nodes, cores, ports, layout, externalKafka, RetentionOverrides.NONE);
    }

    public StackSpec {
        if (nodes < 1) throw new IllegalArgumentException("--nodes must be at least 1, got " + nodes);
        if (cores != null && cores < 1) throw new IllegalArgumentException("--cores must be at least 1, got " + cores);
        if (ports.agents().size() != nodes) {
            throw new IllegalArgumentException("need " + nodes + " agent ports, got " + ports.agents().size());
        }
    }

    public boolean startsBroker() {
        return externalKafka == null;
    }

    public String bootstrap() {
        return startsBroker() ? "127.0.0.1:" + ports.broker() : externalKafka;
    }

    /** With one node the agent keeps its default id (the hostname); several are simulated nodes node-0, node-1, ... */
    public String nodeId(int index) {
        return nodes == 1 ? null : "node-" + index;
    }
}
