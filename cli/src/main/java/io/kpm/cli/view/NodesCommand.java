package io.kpm.cli.view;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.kpm.cli.http.NodeView;
import io.kpm.cli.table.Table;
import io.kpm.cli.table.TimeText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = {"List the nodes the gateway knows.",
                "",
                "Shows each node agent's cores, state (UP, DRAINING, LOST, LEFT) and running ranks."},
        footer = {"", "Examples:", "  kpm nodes", "  KPM_GATEWAY=http://head:7702 kpm nodes"})
public final class NodesCommand implements Callable<Integer> {

    @Mixin
    GatewayOption gateway;

    @Override
    public Integer call() {
        System.out.print(render(gateway.client().nodes()));
        return 0;
    }

    static String render(List<NodeView> nodes) {
        Table table = new Table("NODE", "HOSTNAME", "CORES", "STATE", "PROCS", "LAST SEEN", "LABELS");
        nodes.stream()
                .sorted(Comparator.comparing(NodeView::nodeId, Comparator.nullsLast(Comparator.naturalOrder())))
                .forEach(node -> table.row(
                        node.nodeId(),
                        node.hostname(),
                        node.cores() == null ? null : node.cores().toString(),
                        node.state(),
                        node.runningProcs() == null ? null : node.runningProcs().toString(),
                        TimeText.of(node.lastSeen()),
                        labels(node.labels())));
        return table.size() == 0 ? "no nodes\n" : table.render();
    }

    /** {@code k=v,k2=v2} as {@code kpm agent --labels} takes them; null (shown as Table shows nulls) when none. */
    static String labels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) return null;
        return new TreeMap<>(labels).entrySet().stream().map(l -> l.getKey() + "=" + l.getValue())
                .collect(Collectors.joining(","));
    }
}
