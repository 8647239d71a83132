package io.kpm.cli.stack;

import java.util.Map;
import java.util.Optional;

/**
 * Which gateway a command talks to: {@code --gateway URL}, else {@code KPM_GATEWAY}, else the stack in
 * {@code $KPM_HOME/.kpm} when its gateway is healthy. Empty when there is none ({@code kpm run} then starts a
 * private stack; the other commands say no stack is running).
 */
public final class GatewayLocator {

    public static final String ENV = "KPM_GATEWAY";

    private GatewayLocator() {
    }

    public static Optional<String> locate(String option, Map<String, String> env, StackLayout defaultStack) {
        if (option != null && !option.isBlank()) return Optional.of(option);
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) return Optional.of(fromEnv);
        return RunningStack.healthyGateway(defaultStack);
    }
}
