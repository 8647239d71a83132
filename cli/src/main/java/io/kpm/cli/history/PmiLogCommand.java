package io.kpm.cli.history;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.kpm.cli.http.GatewayProblem;
import io.kpm.cli.http.PmiExchangeView;
import io.kpm.cli.table.Table;
import io.kpm.cli.view.GatewayOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pmi-log", mixinStandardHelpOptions = true,
        description = {"Show a job's PMI conversation (kpm.pmi.audit): each request of a rank and the gateway's"
                + " response, with the time since the first request and how long the rank waited for the answer"
                + " (a long wait is a rank held in a barrier or a lookup)."},
        footer = {"", "Examples:", "  kpm pmi-log 7", "  kpm pmi-log 7 --rank 0"})
public final class PmiLogCommand implements Callable<Integer> {

    @Mixin
    GatewayOption gateway;

    @Parameters(index = "0", paramLabel = "PGID", description = "The job's process group id.")
    long pgid;

    @Option(names = "--rank", paramLabel = "R", description = "Only this rank's exchanges.")
    Integer rank;

    @Override
    public Integer call() {
        List<PmiExchangeView> exchanges;
        try {
            exchanges = gateway.client().pmiLog(pgid, rank);
        } catch (GatewayProblem e) {
            throw JobNotFound.translate(e, pgid);
        }
        System.out.print(render(exchanges));
        return 0;
    }

    static String render(List<PmiExchangeView> exchanges) {
        if (exchanges.isEmpty()) return "no PMI exchanges recorded\n";
        Instant first = exchanges.stream().map(e -> instant(e.requestTime())).filter(t -> t != null)
                .min(Instant::compareTo).orElse(null);
        Table table = new Table("TIME", "RANK", "WAIT", "REQUEST", "RESPONSE");
        for (PmiExchangeView e : exchanges) {
            Instant asked = instant(e.requestTime());
            Instant answered = instant(e.responseTime());
            table.row(first == null || asked == null ? "-" : "+" + seconds(Duration.between(first, asked)),
                    Integer.toString(e.rank()),
                    asked == null || answered == null ? "-" : seconds(Duration.between(asked, answered)),
                    escape(e.request()),
                    e.response() == null ? "-" : escape(e.response()));
        }
        return table.render();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%d.%03ds", d.toSeconds(), d.toMillisPart());
    }

    static String escape(String text) {
        if (text == null) return "";
        return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n");
    }

    private static Instant instant(String time) {
        if (time == null) return null;
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
