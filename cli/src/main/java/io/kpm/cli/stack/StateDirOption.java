package io.kpm.cli.stack;

import java.nio.file.Path;

import io.kpm.cli.KpmHome;
import picocli.CommandLine.Option;

/** {@code --state-dir}: which stack a command means (up, down, status, agent, run and every command that asks the gateway). */
public final class StateDirOption {

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where the stack keeps Kafka data, logs, pid files and stack.json (default: $KPM_STATE_DIR, else $KPM_HOME/.kpm).")
    Path stateDir;

    public StackLayout layout() {
        return new StackLayout(stateDir != null ? stateDir : KpmHome.defaultStateDir());
    }
}
