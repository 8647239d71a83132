package io.kpm.cli.stack;

import java.util.Optional;
import java.util.concurrent.Callable;

import io.kpm.cli.CliFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = {"Stop the stack started by `kpm up`.",
                "",
                "Stops node agents (they kill their ranks), gateway, scheduler and broker; each gets SIGTERM "
                        + "and 20 s to exit, then SIGKILL. Kafka data stays in the state directory."},
        footer = {"", "Examples:", "  kpm down", "  kpm down --state-dir /tmp/kpm2"})
public final class DownCommand implements Callable<Integer> {

    @Mixin
    StateDirOption stateDir;

    @Override
    public Integer call() {
        StackLayout layout = stateDir.layout();
        Optional<StackState> state = StackState.read(layout);
        if (state.isEmpty()) {
            System.out.println("no kpm stack in " + layout.stateDir());
            return 0;
        }
        new ProcessStopper(System.out).stop(state.get().stopOrder(), state.get().stateDir());
        if (RunningStack.anyAlive(state.get())) {
            throw new CliFailure("some stack processes are still running; see `kpm status`");
        }
        StackState.delete(layout, state.get().components());
        System.out.println("kpm stack in " + layout.stateDir() + " stopped");
        return 0;
    }
}
