package io.kpm.cli.stack;

import java.util.List;

/**
 * One process to start: its name (log and pid file name), role, full command line, the port it serves and the
 * URL that says it is ready ({@code null} for the broker, which announces itself in its log).
 * {@code jar} identifies the process later: {@code kpm down} only signals a pid whose command line has it.
 */
public record ComponentPlan(String name, Role role, List<String> command, int port, String healthUrl, String jar,
                            String address, String nodeId) {

    public ComponentPlan {
        command = List.copyOf(command);
    }
}
