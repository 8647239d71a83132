package io.kpm.cli.stack;

import io.kpm.schemas.RetentionOverrides;

/**
 * What stack to start: {@code nodes} node agents ({@code cores} each, null: the machine's), on these ports,
 * with state in {@code layout}; {@code externalKafka} (host:port) instead of an own broker when not null;
 * {@code topicRetention}: the retention to create kpm's topics with where it is not kpm's default;
 * {@code listen}: the address the services' HTTP and PMI listeners bind to (null: 127.0.0.1, loopback only);
 * {@code replicationFactor}: of the topics kpm creates (more than 1 only on an external cluster). The stack
 * starts one scheduler per port in {@code ports.standbySchedulers()} besides the first: one leads, the others
 * stand by (docs/reliability.md). {@code jvmPerService}: each service in a JVM of its own even where one JVM could
 * host them all (see {@link #oneJvm()}).
 */
public record StackSpec(int nodes, Integer cores, StackPorts ports, StackLayout layout, String externalKafka,
                        RetentionOverrides topicRetention, String listen, short replicationFactor,
                        boolean jvmPerService) {

    public StackSpec(int nodes, Integer cores, StackPorts ports, StackLayout layout, String externalKafka,
                     RetentionOverrides topicRetention, String listen, short replicationFactor) {
        this(nodes, cores, ports, layout, externalKafka, topicRetention, listen, replicationFactor, false);
    }

    public StackSpec(int nodes, Integer cores, StackPorts ports, StackLayout layout, String externalKafka,
                     RetentionOverrides topicRetention, String listen) {
        this(nodes, cores, ports, layout, externalKafka, topicRetention, listen, (short) 1);
    }

    public StackSpec(int nodes, Integer cores, StackPorts ports, StackLayout layout, String externalKafka) {
        this(nodes, cores, ports, layout, externalKafka, RetentionOverrides.NONE);
    }

    public StackSpec(int nodes, Integer cores, StackPorts ports, StackLayout layout, String externalKafka,
                     RetentionOverrides topicRetention) {
        this(nodes, cores, ports, layout, externalKafka, topicRetention, null);
    }

    public StackSpec {
        if (nodes < 1) throw new IllegalArgumentException("--nodes must be at least 1, got " + nodes);
        if (cores != null && cores < 1) throw new IllegalArgumentException("--cores must be at least 1, got " + cores);
        if (ports.agents().size() != nodes) {
            throw new IllegalArgumentException("need " + nodes + " agent ports, got " + ports.agents().size());
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("--replication-factor must be at least 1, got " + replicationFactor);
        }
        if (replicationFactor > 1 && externalKafka == null) {
            throw new IllegalArgumentException("--replication-factor " + replicationFactor + " needs a Kafka cluster of "
                    + "at least " + replicationFactor + " brokers: give it with --kafka (kpm up starts one broker)");
        }
    }

    /** The address to bind to: loopback unless told otherwise. */
    public String listenAddress() {
        return listen == null || listen.isBlank() ? "127.0.0.1" : listen;
    }

    /** How this machine reaches the services: the listen address, or loopback when they listen everywhere. */
    public String localHost() {
        String address = listenAddress();
        return address.equals("0.0.0.0") || address.equals("::") ? "127.0.0.1" : address;
    }

    /**
     * The host ranks are told to reach the PMI server at: the listen address, or this machine's name when it
     * listens on every interface.
     */
    public String advertisedHost() {
        String address = listenAddress();
        if (!address.equals("0.0.0.0") && !address.equals("::")) return address;
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "127.0.0.1";
        }
    }

    /**
     * The embedded default: a stack of one node and one scheduler runs them and the gateway in one JVM (the
     * all-in-one module), unless asked for a JVM per service. Standby schedulers and simulated nodes need JVMs of
     * their own, as they are stopped, killed and restarted one by one.
     */
    public boolean oneJvm() {
        return !jvmPerService && nodes == 1 && ports.standbySchedulers().isEmpty();
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
