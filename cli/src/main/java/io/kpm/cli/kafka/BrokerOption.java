package io.kpm.cli.kafka;

import java.util.Map;
import java.util.Optional;

import io.kpm.cli.CliFailure;
import io.kpm.cli.KpmHome;
import io.kpm.cli.stack.RunningStack;
import io.kpm.cli.stack.StackLayout;
import io.kpm.cli.stack.StackState;
import picocli.CommandLine.Option;

/**
 * {@code --bootstrap HOST:PORT} for the commands that read or administer Kafka itself rather than asking the
 * gateway ({@code kpm replay}, {@code kpm topics}): they work on any kpm log, also one whose services are down.
 */
public final class BrokerOption {

    public static final String ENV = "KPM_BOOTSTRAP";

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "The Kafka cluster holding kpm's topics (default: $KPM_BOOTSTRAP, else the broker of the "
                    + "stack started by `kpm up`).")
    String bootstrap;

    /** Whether {@code --bootstrap} was given on this command line. */
    public boolean given() {
        return bootstrap != null && !bootstrap.isBlank();
    }

    public String bootstrapServers() {
        return locate(bootstrap, System.getenv(), new StackLayout(KpmHome.defaultStateDir()))
                .orElseThrow(() -> new CliFailure("no Kafka to read: start a stack with `kpm up`, or name a "
                        + "cluster with --bootstrap HOST:PORT or KPM_BOOTSTRAP"));
    }

    /** The option, else the environment, else the bootstrap address of a stack with a live process. */
    public static Optional<String> locate(String option, Map<String, String> env, StackLayout defaultStack) {
        if (option != null && !option.isBlank()) return Optional.of(option);
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) return Optional.of(fromEnv);
        try {
            return RunningStack.find(defaultStack).map(StackState::bootstrap).filter(b -> !b.isBlank());
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
