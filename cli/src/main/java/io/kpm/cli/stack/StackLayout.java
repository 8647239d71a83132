package io.kpm.cli.stack;

import java.nio.file.Path;

/** Where a stack keeps its things inside its state directory: Kafka data, logs, pid files, stack.json. */
public record StackLayout(Path stateDir) {

    public StackLayout {
        stateDir = stateDir.toAbsolutePath().normalize();
    }

    public Path kafkaDir() {
        return stateDir.resolve("kafka");
    }

    public Path logsDir() {
        return stateDir.resolve("logs");
    }

    public Path pidsDir() {
        return stateDir.resolve("pids");
    }

    /** The REST token (mode 0600): see {@link StackToken}. */
    public Path tokenFile() {
        return stateDir.resolve("token");
    }

    public Path stackFile() {
        return stateDir.resolve("stack.json");
    }

    public Path log(String component) {
        return logsDir().resolve(component + ".log");
    }

    public Path pidFile(String component) {
        return pidsDir().resolve(component + ".pid");
    }
}
