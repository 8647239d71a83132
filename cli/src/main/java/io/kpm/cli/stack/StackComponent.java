package io.kpm.cli.stack;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One started process of a stack as stack.json records it, with the command line that started it (so that
 * {@code kpm up} can start it again the same way when it died).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StackComponent(String name, Role role, long pid, int port, String healthUrl, String jar,
                             String address, String nodeId, String log, List<String> command) {

    public StackComponent {
        command = command == null ? List.of() : List.copyOf(command);
    }

    public static StackComponent started(ComponentPlan plan, long pid, StackLayout layout) {
        return new StackComponent(plan.name(), plan.role(), pid, plan.port(), plan.healthUrl(), plan.jar(),
                plan.address(), plan.nodeId(), layout.log(plan.name()).toString(), plan.command());
    }

    /** How to start it again. */
    public ComponentPlan plan() {
        return new ComponentPlan(name, role, command, port, healthUrl, jar, address, nodeId);
    }
}
