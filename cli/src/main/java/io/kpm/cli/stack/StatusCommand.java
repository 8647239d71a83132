package io.kpm.cli.stack;

import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.TextNode;

import io.kpm.cli.http.HealthProbe;
import io.kpm.cli.table.Table;
import io.kpm.cli.table.TimeText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the stack's processes: pid, alive, ready.",
                "",
                "Exits 0 when every part is alive and ready, 1 otherwise."},
        footer = {"", "Example:", "  kpm status"})
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    StateDirOption stateDir;

    @Override
    public Integer call() {
        StackLayout layout = stateDir.layout();
        Optional<StackState> recorded = StackState.read(layout);
        if (recorded.isEmpty()) {
            System.out.println("no kpm stack in " + layout.stateDir() + " (start one with `kpm up`)");
            return 1;
        }
        StackState state = recorded.get();
        boolean allGood = true;
        Table table = new Table("COMPONENT", "PID", "PROCESS", "HEALTH", "LISTENS ON");
        if (state.externalKafka()) {
            boolean reachable = reachable(state.bootstrap());
            allGood = reachable;
            table.row("kafka (external)", "-", "-", reachable ? "reachable" : "unreachable", state.bootstrap());
        }
        for (StackComponent component : state.components()) {
            boolean alive = ProcessStopper.running(component, state.stateDir()).isPresent();
            boolean healthy = alive && RunningStack.healthy(component, state.stateDir());
            allGood &= healthy;
            table.row(component.name(), Long.toString(component.pid()), alive ? "alive" : "gone",
                    !alive ? "-" : healthy ? "ready" : "not ready", UpCommand.describe(component, state));
        }
        System.out.println("kpm stack in " + state.stateDir() + " (" + state.status() + ", started "
                + TimeText.of(state.startedAt() == null ? null : TextNode.valueOf(state.startedAt())) + ")");
        System.out.print(table.render());
        return allGood ? 0 : 1;
    }

    private static boolean reachable(String bootstrap) {
        int colon = bootstrap.lastIndexOf(':');
        try {
            return colon > 0 && HealthProbe.accepts(bootstrap.substring(0, colon), Integer.parseInt(bootstrap.substring(colon + 1)));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
