package io.kpm.cli.stack;

import java.util.Optional;

import io.kpm.cli.http.HealthProbe;

/** What is really running of the stack recorded in a state directory. */
public final class RunningStack {

    private RunningStack() {
    }

    /** The recorded stack, if at least one of its processes is still alive. */
    public static Optional<StackState> find(StackLayout layout) {
        return StackState.read(layout).filter(RunningStack::anyAlive);
    }

    public static boolean anyAlive(StackState state) {
        return state.components().stream().anyMatch(c -> ProcessStopper.running(c, state.stateDir()).isPresent());
    }

    /** Alive and answering: its health URL says ready, or (broker) its port takes connections. */
    public static boolean healthy(StackComponent component, String stateDir) {
        if (ProcessStopper.running(component, stateDir).isEmpty()) return false;
        return component.healthUrl() == null
                ? HealthProbe.accepts("127.0.0.1", component.port())
                : HealthProbe.ready(component.healthUrl());
    }

    /** The gateway of a healthy stack in this state directory. */
    public static Optional<String> healthyGateway(StackLayout layout) {
        Optional<StackState> state;
        try {
            state = find(layout);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
        return state
                .filter(s -> StackState.UP.equals(s.status()))
                .filter(s -> s.components().stream().anyMatch(c -> c.role().hasGateway() && healthy(c, s.stateDir())))
                .map(StackState::gatewayUrl);
    }
}
