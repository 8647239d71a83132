package io.kpm.cli.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ports of one stack (docs/architecture.md: broker B, controller B+1, gateway B+2, PMI B+3, scheduler B+4,
 * standby schedulers B+5 to B+9, agent i B+10+i).
 */
public record StackPorts(int broker, int controller, int gateway, int pmi, int scheduler, List<Integer> standbySchedulers,
                         List<Integer> agents) {

    /** The most standby schedulers a stack's port layout has room for. */
    public static final int MAX_STANDBY_SCHEDULERS = 5;

    public StackPorts {
        standbySchedulers = List.copyOf(standbySchedulers);
        agents = List.copyOf(agents);
    }

    public StackPorts(int broker, int controller, int gateway, int pmi, int scheduler, List<Integer> agents) {
        this(broker, controller, gateway, pmi, scheduler, List.of(), agents);
    }

    public static StackPorts fromBase(int base, int nodes) {
        return fromBase(base, nodes, 0);
    }

    public static StackPorts fromBase(int base, int nodes, int standbys) {
        if (standbys < 0 || standbys > MAX_STANDBY_SCHEDULERS) {
            throw new IllegalArgumentException("--schedulers must be 1 to " + (MAX_STANDBY_SCHEDULERS + 1)
                    + " (one leader, the others standing by), got " + (standbys + 1));
        }
        if (base < 1 || base + 10 + nodes - 1 > 65535) {
            throw new IllegalArgumentException("--base-port " + base + " leaves no room for " + nodes
                    + " node agent(s): the stack uses ports B to B+" + (10 + nodes - 1) + " (at most 65535)");
        }
        List<Integer> agents = new ArrayList<>();
        for (int i = 0; i < nodes; i++) agents.add(base + 10 + i);
        List<Integer> standby = new ArrayList<>();
        for (int i = 0; i < standbys; i++) standby.add(base + 5 + i);
        return new StackPorts(base, base + 1, base + 2, base + 3, base + 4, standby, agents);
    }

    /** Ports the operating system says are free now: for a private stack that must not collide with anything. */
    public static StackPorts free(int nodes) {
        List<Integer> ports = PortAllocator.freePorts(5 + nodes);
        return new StackPorts(ports.get(0), ports.get(1), ports.get(2), ports.get(3), ports.get(4),
                ports.subList(5, ports.size()));
    }

    public int agent(int index) {
        return agents.get(index);
    }

    /** Every port the stack will listen on, by what listens there (the broker's only when it starts one). */
    public Map<String, Integer> byUse(boolean withBroker) {
        Map<String, Integer> uses = new LinkedHashMap<>();
        if (withBroker) {
            uses.put("Kafka broker", broker);
            uses.put("Kafka controller", controller);
        }
        uses.put("gateway HTTP", gateway);
        uses.put("gateway PMI", pmi);
        uses.put("scheduler HTTP", scheduler);
        for (int i = 0; i < standbySchedulers.size(); i++) uses.put("scheduler " + (i + 1) + " HTTP", standbySchedulers.get(i));
        for (int i = 0; i < agents.size(); i++) uses.put("node agent " + i + " HTTP", agents.get(i));
        return uses;
    }
}
