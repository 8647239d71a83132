import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.kpm.schemas.Topics;
import io.kpm.schemas.events.JobAccepted;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.LaunchRequested;
import io.kpm.schemas.events.PmiExchange;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.SpawnCompleted;
import io.kpm.schemas.events.SpawnRequested;
import io.kpm.schemas.serde.KpmEventDeserializer;

/**
 * Where a PMI spawn spends its time, from the timestamps of the events it leaves on Kafka. Reads a kpm stack's
 * topics from the beginning and, for every PMI-2 spawn answered with rc=0 whose request came between --since
 * and --until, splits request -> response into hops:
 *
 *   gateway parse           PmiExchange.requestTime        -> SpawnRequested.meta.time   (gateway)
 *   kafka + scheduler accept SpawnRequested                -> JobAccepted                (scheduler)
 *   scheduler place         JobAccepted                    -> last LaunchRequested       (scheduler)
 *   kafka + agent fork      last LaunchRequested           -> last ProcStarted           (node agents)
 *   kafka + gateway answer  last ProcStarted               -> PmiExchange.responseTime   (gateway)
 *
 * The hops add up to the whole spawn as the gateway saw it: the gateway answers once it read every rank's
 * ProcStarted (or the scheduler's SpawnCompleted, should that come first). Printed beside them, off the answer's
 * path: "scheduler done (off path)", last ProcStarted -> SpawnCompleted, the scheduler's own record of it. Every service runs on this machine, so their
 * clocks are the same clock. Prints one sample line per spawn and hop, in bench/run's samples format:
 * METRIC,[LABEL ]procs=N hop=NAME,kpm,MILLIS (METRIC hop_ms unless --metric says otherwise).
 *
 * Run: java -cp "cli/target/lib/*" bench/SpawnHops.java --bootstrap HOST:PORT [--since EPOCH_MILLIS]
 *      [--until EPOCH_MILLIS] [--metric NAME] [--label TEXT]
 */
public class SpawnHops {

    static final List<String> HOPS = List.of(
            "gateway parse",
            "kafka + scheduler accept",
            "scheduler place",
            "kafka + agent fork",
            "kafka + gateway answer");

    static final String OFF_PATH = "scheduler done (off path)";

    static final Pattern CHILD_KVS = Pattern.compile("jobid=kvs_kpm_(\\d+);");
    static final Pattern MAXPROCS = Pattern.compile("maxprocs=(\\d+);");

    public static void main(String[] args) {
        String bootstrap = null;
        Instant since = Instant.EPOCH, until = Instant.MAX;
        String metric = "hop_ms", label = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = value(args, ++i);
                case "--since" -> since = Instant.ofEpochMilli(millis(value(args, ++i)));
                case "--until" -> until = Instant.ofEpochMilli(millis(value(args, ++i)));
                case "--metric" -> metric = value(args, ++i);
                case "--label" -> label = value(args, ++i) + " ";
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        if (bootstrap == null) usage("--bootstrap HOST:PORT is required");
        TopicLog log = TopicLog.read(bootstrap);
        int spawns = 0;
        for (PmiExchange exchange : log.spawnExchanges) {
            if (exchange.requestTime().isBefore(since) || exchange.requestTime().isAfter(until)) continue;
            Matcher child = CHILD_KVS.matcher(exchange.response());
            Matcher maxprocs = MAXPROCS.matcher(exchange.request());
            if (!exchange.response().contains("rc=0;") || !child.find() || !maxprocs.find()) continue;
            List<Instant> marks = log.marks(exchange, Long.parseLong(child.group(1)));
            if (marks == null) {
                System.err.println("spawn-hops: events missing for the spawn answered at " + exchange.responseTime());
                continue;
            }
            for (int hop = 0; hop < HOPS.size(); hop++) {
                double millis = Duration.between(marks.get(hop), marks.get(hop + 1)).toNanos() / 1e6;
                System.out.printf(Locale.ROOT, "%s,%sprocs=%s hop=%s,kpm,%.3f%n", metric, label, maxprocs.group(1),
                        HOPS.get(hop), millis);
            }
            Instant started = marks.get(HOPS.size() - 1);
            Optional<Instant> done = log.completedAt(Long.parseLong(child.group(1)));
            if (done.isPresent()) {
                System.out.printf(Locale.ROOT, "%s,%sprocs=%s hop=%s,kpm,%.3f%n", metric, label, maxprocs.group(1),
                        OFF_PATH, Duration.between(started, done.get()).toNanos() / 1e6);
            }
            spawns++;
        }
        System.err.println("spawn-hops: " + spawns + " spawns broken down");
    }

    static long millis(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            usage("'" + text + "' is not a time in milliseconds since the epoch");
            return 0;
        }
    }

    static String value(String[] args, int i) {
        if (i >= args.length) usage(args[i - 1] + " needs a value");
        return args[i];
    }

    static void usage(String problem) {
        System.err.println("spawn-hops: " + problem);
        System.err.println("usage: java -cp 'cli/target/lib/*' bench/SpawnHops.java --bootstrap HOST:PORT "
                + "[--since EPOCH_MILLIS] [--until EPOCH_MILLIS] [--metric NAME] [--label TEXT]");
        System.exit(2);
    }
}

/** The events of one kpm log that a spawn's hops are measured from, indexed by what links them. */
class TopicLog {
    final List<PmiExchange> spawnExchanges = new ArrayList<>();
    final Map<String, SpawnRequested> requests = new HashMap<>();
    final Map<Long, JobAccepted> accepted = new HashMap<>();
    final Map<Long, Instant> lastLaunch = new HashMap<>();
    final Map<Long, Instant> lastStarted = new HashMap<>();
    final Map<String, SpawnCompleted> completed = new HashMap<>();

    /** The six instants of a spawn, request to response, or null when one of its events is missing. */
    List<Instant> marks(PmiExchange exchange, long childPgid) {
        JobAccepted job = accepted.get(childPgid);
        if (job == null) return null;
        SpawnRequested request = requests.get(job.requestId());
        Instant launch = lastLaunch.get(childPgid), started = lastStarted.get(childPgid);
        if (request == null || launch == null || started == null) return null;
        return List.of(exchange.requestTime(), request.meta().time(), job.meta().time(), launch, started,
                exchange.responseTime());
    }

    /** When the scheduler recorded the spawn as completed (its SpawnCompleted), if it did. */
    Optional<Instant> completedAt(long childPgid) {
        JobAccepted job = accepted.get(childPgid);
        SpawnCompleted done = job == null ? null : completed.get(job.requestId());
        return Optional.ofNullable(done).map(d -> d.meta().time());
    }

    static TopicLog read(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        TopicLog log = new TopicLog();
        try (KafkaConsumer<String, KpmEvent> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new KpmEventDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.SPAWN_REQUESTS, Topics.JOBS, Topics.LAUNCH, Topics.PROC_EVENTS,
                    Topics.SPAWN_RESULTS, Topics.PMI_AUDIT)) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, KpmEvent> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.value() != null) log.add(record.value());
                }
            }
        }
        log.spawnExchanges.sort((a, b) -> a.requestTime().compareTo(b.requestTime()));
        return log;
    }

    void add(KpmEvent event) {
        if (event instanceof PmiExchange e && e.request().startsWith("cmd=spawn;")) spawnExchanges.add(e);
        else if (event instanceof SpawnRequested e) requests.put(e.requestId(), e);
        else if (event instanceof JobAccepted e) accepted.put(e.pgid(), e);
        else if (event instanceof LaunchRequested e) lastLaunch.merge(e.pgid(), e.meta().time(), TopicLog::later);
        else if (event instanceof ProcStarted e) lastStarted.merge(e.pgid(), e.meta().time(), TopicLog::later);
        else if (event instanceof SpawnCompleted e) completed.put(e.requestId(), e);
    }

    static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
