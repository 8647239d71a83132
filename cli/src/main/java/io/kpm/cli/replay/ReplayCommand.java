package io.kpm.cli.replay;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.kpm.cli.kafka.BrokerOption;
import io.kpm.cli.table.Table;
import io.kpm.cli.table.TimeText;
import io.kpm.scheduler.jobs.Job;
import io.kpm.scheduler.jobs.JobState;
import io.kpm.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Rebuild every job's state from kpm's log in Kafka, without touching the running system "
                + "(no consumer group, nothing written), and report it.",
                "--check re-makes the scheduler's decisions (pgids, placements, refusals, exit codes) from their "
                        + "recorded inputs with the scheduler's own code and lists every one that differs "
                        + "(exit status 1 when any does)."},
        footer = {"", "Examples:", "  kpm replay", "  kpm replay --jobs --since 2h", "  kpm replay --check",
                "  kpm replay --check --bootstrap kafka-1:9092"})
public final class ReplayCommand implements Callable<Integer> {

    /** Lists of decisions not checked are cut after this many lines; the count is always complete. */
    private static final int SHOWN_NOT_CHECKED = 10;

    @Mixin
    BrokerOption broker;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Replay only the log from this time on: an ISO-8601 instant, a local "
                    + "'yyyy-MM-dd HH:mm[:ss]', or an age such as 90s, 15m, 2h, 3d (default: the whole log).")
    String since;

    @Option(names = "--jobs", description = "Also print every replayed job as a table.")
    boolean jobs;

    @Option(names = "--check", description = "Re-make the scheduler's decisions and report the differences.")
    boolean check;

    @Override
    public Integer call() {
        Instant from = since == null ? null : SinceTime.parse(since, Instant.now(), ZoneId.systemDefault());
        String bootstrap = broker.bootstrapServers();
        long started = System.nanoTime();
        RecordedLog log = new TopicLogReader(bootstrap).read(from);
        long millis = (System.nanoTime() - started) / 1_000_000;
        ReplayedJobs replayed = ReplayedJobs.of(log);
        PrintStream out = System.out;
        out.print(summary(log, replayed, bootstrap, from, millis));
        if (jobs) out.print(jobTable(replayed.jobsInPgidOrder()));
        if (!check) return 0;
        PlacementCheck.Result result = PlacementCheck.check(log, from == null);
        out.print(checkReport(result));
        return result.differences().isEmpty() ? 0 : 1;
    }

    static String summary(RecordedLog log, ReplayedJobs replayed, String bootstrap, Instant from, long millis) {
        StringBuilder out = new StringBuilder();
        out.append("replayed ").append(log.size()).append(" events from Kafka at ").append(bootstrap)
                .append(from == null ? "" : " since " + from).append(" in ").append(millis).append(" ms (")
                .append(Topics.SPAWN_REQUESTS).append(' ').append(log.requests().size()).append(", ")
                .append(Topics.JOBS).append(' ').append(log.jobEvents().size()).append(", ")
                .append(Topics.PROC_EVENTS).append(' ').append(log.procEvents().size()).append(", ")
                .append(Topics.SPAWN_RESULTS).append(' ').append(log.spawnResults().size()).append(")\n");
        if (log.undecodable() > 0) {
            out.append("skipped ").append(log.undecodable()).append(" record(s) that are not kpm events\n");
        }
        Map<JobState, Long> counts = replayed.countByState();
        String states = counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase())
                .collect(Collectors.joining(", "));
        out.append("jobs: ").append(replayed.jobs().size()).append(states.isEmpty() ? "" : " (" + states + ")")
                .append(", next pgid ").append(replayed.nextPgid()).append('\n');
        int jobsMade = replayed.requests() - replayed.refused() - replayed.unanswered();
        out.append("spawn requests: ").append(replayed.requests()).append(" (").append(jobsMade).append(" became jobs, ")
                .append(replayed.refused()).append(" refused, ").append(replayed.unanswered()).append(" unanswered)\n");
        return out.toString();
    }

    static String jobTable(List<Job> jobs) {
        Table table = new Table("PGID", "STATE", "SIZE", "EXIT", "NODES", "SPAWNER", "ACCEPTED", "ENDED", "REASON");
        for (Job job : jobs) {
            table.row(Long.toString(job.pgid()), job.state().name(), Integer.toString(job.size()),
                    job.exitCode() == null ? null : job.exitCode().toString(), String.join(",", job.nodes()),
                    job.spawnerPgid() == null ? null : job.spawnerPgid().toString(), TimeText.of(job.acceptedAt()),
                    TimeText.of(job.endedAt()), job.reason());
        }
        return table.size() == 0 ? "no jobs\n" : table.render();
    }

    static String checkReport(PlacementCheck.Result result) {
        StringBuilder out = new StringBuilder();
        out.append("check: re-made ").append(result.checked()).append(" decisions (").append(result.pgids())
                .append(" pgids, ").append(result.placements()).append(" placements, ").append(result.refusals())
                .append(" refusals, ").append(result.outcomes()).append(" outcomes): ")
                .append(result.differences().size()).append(result.differences().size() == 1 ? " difference" : " differences")
                .append('\n');
        for (PlacementCheck.Difference difference : result.differences()) {
            out.append("  DIFFERS ").append(difference).append('\n');
        }
        List<String> notChecked = result.notChecked();
        if (!notChecked.isEmpty()) {
            out.append(notChecked.size()).append(" decision(s) could not be re-made:\n");
            notChecked.stream().limit(SHOWN_NOT_CHECKED).forEach(n -> out.append("  ").append(n).append('\n'));
            if (notChecked.size() > SHOWN_NOT_CHECKED) {
                out.append("  ... and ").append(notChecked.size() - SHOWN_NOT_CHECKED).append(" more\n");
            }
        }
        return out.toString();
    }
}
