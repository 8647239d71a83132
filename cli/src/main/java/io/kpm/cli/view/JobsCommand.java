package io.kpm.cli.view;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

import io.kpm.cli.http.JobView;
import io.kpm.cli.table.Table;
import io.kpm.cli.table.TimeText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "List the jobs the gateway knows, oldest first.",
        footer = {"", "Examples:", "  kpm jobs", "  kpm jobs --gateway http://head:7702"})
public final class JobsCommand implements Callable<Integer> {

    @Mixin
    GatewayOption gateway;

    @Override
    public Integer call() {
        System.out.print(render(gateway.client().jobs()));
        return 0;
    }

    static String render(List<JobView> jobs) {
        Table table = new Table("PGID", "STATE", "SIZE", "EXIT", "NODES", "ACCEPTED", "ENDED", "REASON");
        jobs.stream()
                .sorted(Comparator.comparing(JobView::pgid, Comparator.nullsLast(Comparator.naturalOrder())))
                .forEach(job -> table.row(
                        text(job.pgid()),
                        job.state(),
                        text(job.size()),
                        job.ended() ? text(job.exitCode()) : null,
                        String.join(",", job.nodeIds()),
                        TimeText.of(job.acceptedAt()),
                        TimeText.of(job.endedAt()),
                        job.reason()));
        return table.size() == 0 ? "no jobs\n" : table.render();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
