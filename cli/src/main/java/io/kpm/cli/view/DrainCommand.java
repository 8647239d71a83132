package io.kpm.cli.view;

import java.util.List;
import java.util.concurrent.Callable;

import io.kpm.cli.http.NodeView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "drain", mixinStandardHelpOptions = true,
        description = {"Drain a node: it takes no new ranks; the ranks it runs go on until their jobs end.",
                "",
                "Recorded on kpm.nodes, so it holds across restarts of the node's agent and of the services "
                        + "until `kpm undrain NODE`. `kpm nodes` shows the node DRAINING."},
        footer = {"", "Examples:", "  kpm drain node-1", "  kpm drain node-1 --reason 'new disks'", "  kpm undrain node-1"})
public final class DrainCommand implements Callable<Integer> {

    @Mixin
    GatewayOption gateway;

    @Parameters(paramLabel = "NODE", description = "The node id, as `kpm nodes` lists it.")
    String node;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded with the event; at most 256 characters).")
    String reason;

    @Override
    public Integer call() {
        return report(gateway.client().drain(node, true, reason));
    }

    static Integer report(NodeView node) {
        System.out.print(NodesCommand.render(List.of(node)));
        return 0;
    }

    @Command(name = "undrain", mixinStandardHelpOptions = true,
            description = {"End a node's drain: it takes new ranks again."},
            footer = {"", "Example:", "  kpm undrain node-1"})
    public static final class Undrain implements Callable<Integer> {

        @Mixin
        GatewayOption gateway;

        @Parameters(paramLabel = "NODE", description = "The node id, as `kpm nodes` lists it.")
        String node;

        @Override
        public Integer call() {
            return report(gateway.client().drain(node, false, null));
        }
    }
}
