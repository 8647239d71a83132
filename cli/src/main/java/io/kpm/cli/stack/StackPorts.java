package io.kpm.cli.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ports of one stack (docs/architecture.md: broker B, controller B+1, gateway B+2, PMI B+3, scheduler B+4, agent i B+10+i). */
public record StackPorts(int broker, int controller, int gateway, int pmi, int scheduler, List<Integer> agents) {

    public StackPorts {
        agents = List.copyOf(agents);
    }

    public static StackPorts fromBase(int base, int nodes) {
        if (base < 1 || base + 10 + nodes - 1 > 65535) {
            throw new IllegalArgumentException("--base-port " + base + " leaves no room for " + nodes
                    + " node agent(s): the stack uses ports B to B+" + (10 + nodes - 1) + " (at most 65535)");
        }
        List<Integer> agents = new ArrayList<>();
        for (int i = 0; i < nodes; i++) agents.add(base + 10 + i);
        return new StackPorts(base, base + 1, base + 2, base + 3, base + 4, agents);
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
        for (int i = 0; i < agents.size(); i++) uses.put("node agent " + i + " HTTP", agents.get(i));
        return uses;
    }
}
