package io.kpm.nodeagent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.kpm.broker.KafkaTestResource;
import io.kpm.broker.TopicReader;
import io.kpm.nodeagent.kill.ProcessLiveness;
import io.kpm.schemas.Topics;
import io.kpm.schemas.events.EventMeta;
import io.kpm.schemas.events.JobScoped;
import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.events.LaunchRequested;
import io.kpm.schemas.events.OutputChunk;
import io.kpm.schemas.events.OutputStream;
import io.kpm.schemas.events.ProcExited;
import io.kpm.schemas.events.ProcLaunchFailed;
import io.kpm.schemas.events.ProcStarted;
import io.kpm.schemas.events.Producer;
import io.kpm.schemas.events.RankLaunch;

/** What the agent's service tests share: the broker, job ids, building requests, reading what the agent wrote. */
public final class AgentTestKit {

    /** The node id of the test profile (application.properties). */
    public static final String NODE = "test-node";
    public static final Duration WAIT = Duration.ofSeconds(30);

    private static final AtomicLong PGIDS = new AtomicLong(100);

    private AgentTestKit() {
    }

    public static String bootstrap() {
        return KafkaTestResource.bootstrapServers();
    }

    /** A job id no other test uses (the agent remembers every rank it launched). */
    public static long nextPgid() {
        return PGIDS.incrementAndGet();
    }

    public static EventMeta meta() {
        return EventMeta.now(new Producer("test", "node-agent-test"));
    }

    public static RankLaunch rank(int rank, String cmd, List<String> argv, Map<String, String> env, String wdir) {
        return new RankLaunch(rank, 0, 5000 + rank, cmd, argv, env, wdir, null);
    }

    public static RankLaunch shell(int rank, String script) {
        return rank(rank, "/bin/sh", List.of("-c", script), Map.of(), null);
    }

    public static LaunchRequested launch(String nodeId, long pgid, int size, boolean spawned, RankLaunch... ranks) {
        return new LaunchRequested(meta(), nodeId, pgid, "kvs_kpm_" + pgid, size, spawned, "127.0.0.1:7703",
                List.of(ranks));
    }

    public static void publish(KpmEvent... events) {
        TopicReader.publish(bootstrap(), events);
    }

    public static ProcStarted awaitStarted(long pgid, int rank) {
        return TopicReader.await(bootstrap(), Topics.PROC_EVENTS, ProcStarted.class,
                e -> e.pgid() == pgid && e.rank() == rank, WAIT);
    }

    public static ProcExited awaitExited(long pgid, int rank) {
        return TopicReader.await(bootstrap(), Topics.PROC_EVENTS, ProcExited.class,
                e -> e.pgid() == pgid && e.rank() == rank, WAIT);
    }

    public static ProcLaunchFailed awaitLaunchFailed(long pgid, int rank) {
        return TopicReader.await(bootstrap(), Topics.PROC_EVENTS, ProcLaunchFailed.class,
                e -> e.pgid() == pgid && e.rank() == rank, WAIT);
    }

    /** Every event of the job on kpm.proc.events, in topic order. */
    public static List<KpmEvent> procEvents(long pgid) {
        return TopicReader.readAll(bootstrap(), Topics.PROC_EVENTS).stream().filter(e -> pgidOf(e) == pgid).toList();
    }

    /** The chunks of one rank's stream, by seq, once its eof chunk is on the topic. */
    public static List<OutputChunk> chunks(long pgid, int rank, OutputStream stream) {
        TopicReader.await(bootstrap(), Topics.PROC_OUTPUT, OutputChunk.class,
                c -> c.pgid() == pgid && c.rank() == rank && c.stream() == stream && c.eof(), WAIT);
        return chunks(TopicReader.readAll(bootstrap(), Topics.PROC_OUTPUT), pgid, rank, stream);
    }

    /** The chunks of one rank's stream among events already read, by seq. */
    public static List<OutputChunk> chunks(List<KpmEvent> outputTopic, long pgid, int rank, OutputStream stream) {
        return outputTopic.stream()
                .flatMap(e -> e instanceof OutputChunk c ? Stream.of(c) : Stream.empty())
                .filter(c -> c.pgid() == pgid && c.rank() == rank && c.stream() == stream)
                .sorted(Comparator.comparingLong(OutputChunk::seq))
                .toList();
    }

    /** A rank's whole output on one stream, once complete. */
    public static String output(long pgid, int rank, OutputStream stream) {
        return text(chunks(pgid, rank, stream));
    }

    /** The bytes of a stream's chunks; checks seq runs 0,1,2,.. and only the last chunk has eof. */
    public static String text(List<OutputChunk> chunks) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < chunks.size(); i++) {
            OutputChunk c = chunks.get(i);
            assertEquals(i, c.seq(), "seq of chunk " + i + " of " + c.stream());
            assertEquals(i == chunks.size() - 1, c.eof(), "eof only on the last chunk of " + c.stream());
            bytes.writeBytes(c.data());
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The first {@code count} lines a rank wrote to stdout, without waiting for the stream's end. */
    public static List<String> stdoutLines(long pgid, int rank, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            StringBuilder text = new StringBuilder();
            TopicReader.readAll(bootstrap(), Topics.PROC_OUTPUT).stream()
                    .flatMap(e -> e instanceof OutputChunk c ? Stream.of(c) : Stream.empty())
                    .filter(c -> c.pgid() == pgid && c.rank() == rank && c.stream() == OutputStream.STDOUT)
                    .sorted(Comparator.comparingLong(OutputChunk::seq))
                    .forEach(c -> text.append(new String(c.data(), StandardCharsets.UTF_8)));
            List<String> lines = text.toString().lines().toList();
            if (lines.size() >= count) return lines.subList(0, count);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + pgid + " rank " + rank + " wrote " + lines + ", expected " + count + " lines");
            }
            sleep(100);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static boolean running(long pid) {
        return ProcessLiveness.isRunning(pid);
    }

    private static long pgidOf(KpmEvent e) {
        return e instanceof JobScoped j ? j.pgid() : -1;
    }
}
