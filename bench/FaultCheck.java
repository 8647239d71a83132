import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.kpm.schemas.Topics;
import io.kpm.schemas.events.JobAborted;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.JobFailed;
import io.kpm.schemas.events.JobFinished;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.serde.KpmEventDeserializer;

/**
 * The verdict of bench/faults: reads a stack's committed job history (kpm.jobs, kpm.proc.events) and the clients'
 * outcomes (clients.tsv: index, request id, exit code, seconds, last line of stderr), and checks what must hold
 * whatever was killed. Prints a report; exits 1 when something was broken.
 *
 * <pre>java -cp 'cli/target/lib/*' bench/FaultCheck.java --bootstrap HOST:PORT --clients F --kills F [--wait S]</pre>
 */
public class FaultCheck {

    record Client(int index, String requestId, int exitCode, double seconds, String lastWords) {
    }

    /** One job's end: FINISHED with its exit code, FAILED or ABORTED with a reason. */
    record End(String state, int exitCode, String reason) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i], args[i + 1]);
        String bootstrap = require(opts, "--bootstrap");
        List<Client> clients = readClients(Path.of(require(opts, "--clients")));
        List<String> kills = Files.readAllLines(Path.of(require(opts, "--kills")));
        long waitMillis = Long.parseLong(opts.getOrDefault("--wait", "60")) * 1000;

        List<KpmEvent> jobs;
        List<KpmEvent> procs;
        long deadline = System.currentTimeMillis() + waitMillis;
        while (true) {
            jobs = readAll(bootstrap, Topics.JOBS);
            procs = readAll(bootstrap, Topics.PROC_EVENTS);
            if (unended(jobs).isEmpty() || System.currentTimeMillis() > deadline) break;
            Thread.sleep(2000);
        }

        List<String> violations = new ArrayList<>();
        Map<Long, JobAccepted> accepted = new TreeMap<>();
        Map<String, Long> pgidOfRequest = new HashMap<>();
        for (KpmEvent e : jobs) {
            if (!(e instanceof JobAccepted a)) continue;
            if (accepted.put(a.pgid(), a) != null) violations.add("pgid " + a.pgid() + " accepted twice");
            Long before = pgidOfRequest.put(a.requestId(), a.pgid());
            if (before != null) violations.add("request " + a.requestId() + " made jobs " + before + " and " + a.pgid());
        }
        Map<String, Integer> launches = new HashMap<>();
        for (KpmEvent e : procs) {
            if (e instanceof ProcStarted s) launches.merge(s.pgid() + "/" + s.rank(), 1, Integer::sum);
        }
        launches.forEach((rank, n) -> {
            if (n > 1) violations.add("rank " + rank + " (pgid/rank) launched " + n + " times");
        });
        Map<Long, List<End>> ends = ends(jobs);
        for (long pgid : accepted.keySet()) {
            int n = ends.getOrDefault(pgid, List.of()).size();
            if (n != 1) violations.add("job " + pgid + " ended " + n + " times");
        }
        Map<String, Integer> clientOutcomes = new TreeMap<>();
        for (Client c : clients) {
            Long pgid = pgidOfRequest.get(c.requestId());
            End end = pgid == null ? null : ends.getOrDefault(pgid, List.of()).stream().findFirst().orElse(null);
            boolean jobOk = end != null && end.state().equals("FINISHED") && end.exitCode() == 0;
            if (c.exitCode() == 124) violations.add("client " + c.index() + " hung (killed after 300 s)");
            else if (c.exitCode() == 0 && !jobOk) {
                violations.add("client " + c.index() + " exited 0 but its job " + (pgid == null ? "never ran" : pgid + " ended " + end));
            } else if (c.exitCode() != 0 && jobOk) {
                violations.add("client " + c.index() + " exited " + c.exitCode() + " (" + c.lastWords() + ") but its job "
                        + pgid + " finished with exit 0: a ghost, or a client that lost track of its job");
            } else if (c.exitCode() != 0 && c.lastWords().isBlank()) {
                violations.add("client " + c.index() + " exited " + c.exitCode() + " without saying why");
            }
            String outcome = c.exitCode() == 0 ? "ok" : "exit " + c.exitCode() + ": " + shorten(c.lastWords());
            clientOutcomes.merge(outcome, 1, Integer::sum);
        }

        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "fault campaign: %d clients, %d jobs accepted, %d kills%n",
                clients.size(), accepted.size(), kills.size()));
        report.append("kills (time, victim, component):\n");
        kills.forEach(k -> report.append("  ").append(k).append('\n'));
        report.append("clients:\n");
        clientOutcomes.forEach((o, n) -> report.append(String.format(Locale.ROOT, "  %4d  %s%n", n, o)));
        Map<String, Integer> jobOutcomes = new TreeMap<>();
        ends.values().forEach(list -> list.forEach(e -> jobOutcomes.merge(e.state().equals("FINISHED")
                ? "FINISHED exit " + e.exitCode() : e.state() + ": " + shorten(e.reason()), 1, Integer::sum)));
        report.append("jobs:\n");
        jobOutcomes.forEach((o, n) -> report.append(String.format(Locale.ROOT, "  %4d  %s%n", n, o)));
        double[] seconds = clients.stream().mapToDouble(Client::seconds).sorted().toArray();
        if (seconds.length > 0) {
            report.append(String.format(Locale.ROOT, "client time: median %.1f s, max %.1f s%n",
                    seconds[seconds.length / 2], seconds[seconds.length - 1]));
        }
        report.append(violations.isEmpty() ? "no violation\n" : "");
        violations.forEach(v -> report.append("VIOLATION ").append(v).append('\n'));
        System.out.print(report);
        System.exit(violations.isEmpty() ? 0 : 1);
    }

    private static String shorten(String s) {
        if (s == null) return "";
        // pgids and numbers vary from run to run: group by the words
        String words = s.replaceAll("\\b\\d+\\b", "N");
        return words.length() > 110 ? words.substring(0, 110) + "..." : words;
    }

    private static Map<Long, List<End>> ends(List<KpmEvent> jobs) {
        Map<Long, List<End>> ends = new HashMap<>();
        for (KpmEvent e : jobs) {
            if (e instanceof JobFinished f) ends.computeIfAbsent(f.pgid(), p -> new ArrayList<>()).add(new End("FINISHED", f.exitCode(), null));
            if (e instanceof JobFailed f) ends.computeIfAbsent(f.pgid(), p -> new ArrayList<>()).add(new End("FAILED", f.exitCode(), f.reason()));
            if (e instanceof JobAborted a) ends.computeIfAbsent(a.pgid(), p -> new ArrayList<>()).add(new End("ABORTED", a.exitCode(), a.reason()));
        }
        return ends;
    }

    private static List<Long> unended(List<KpmEvent> jobs) {
        Map<Long, List<End>> ends = ends(jobs);
        return jobs.stream().filter(JobAccepted.class::isInstance).map(e -> ((JobAccepted) e).pgid())
                .filter(p -> !ends.containsKey(p)).toList();
    }

    private static List<Client> readClients(Path file) throws Exception {
        List<Client> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("\t", -1);
            if (f.length < 5) continue;
            out.add(new Client(Integer.parseInt(f[0]), f[1], Integer.parseInt(f[2]), Double.parseDouble(f[3]), f[4]));
        }
        return out;
    }

    private static List<KpmEvent> readAll(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, KpmEventDeserializer.class);
        List<KpmEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, KpmEvent> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.currentTimeMillis() + 60_000;
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, KpmEvent> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null) events.add(r.value());
                }
            }
        }
        return events;
    }

    private static String require(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            System.err.println("FaultCheck: " + name + " is required");
            System.exit(2);
        }
        return v;
    }
}
