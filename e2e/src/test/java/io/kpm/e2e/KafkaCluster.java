package io.kpm.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.kafka.common.Uuid;

/**
 * A real Kafka cluster of several brokers, each its own process (kpm's {@code BrokerMain}, a combined broker and
 * KRaft controller), all of them voters of one controller quorum: what a replicated deployment runs, on this
 * machine's loopback.
 */
final class KafkaCluster implements AutoCloseable {

    record Broker(int nodeId, int port, int controllerPort, Path log, Process process) {
    }

    private final List<Broker> brokers;

    private KafkaCluster(List<Broker> brokers) {
        this.brokers = brokers;
    }

    static KafkaCluster start(Path dir, int size) throws Exception {
        Files.createDirectories(dir);
        List<int[]> ports = new ArrayList<>();
        int base = Kpm.freeBasePort();
        for (int i = 0; i < size; i++) ports.add(new int[] {base + 2 * i, base + 2 * i + 1});
        String quorum = java.util.stream.IntStream.range(0, size)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + ports.get(i)[1])
                .collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        Path root = Kpm.repoRoot();
        String classpath = root.resolve("broker/target/kpm-broker.jar") + File.pathSeparator
                + root.resolve("broker/target/lib") + "/*";
        List<Broker> brokers = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Path log = dir.resolve("broker-" + (i + 1) + ".log");
            Process p = new ProcessBuilder("java", "-Xmx384m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp", classpath, "io.kpm.broker.BrokerMain",
                    "--port", Integer.toString(ports.get(i)[0]),
                    "--controller-port", Integer.toString(ports.get(i)[1]),
                    "--data-dir", dir.resolve("data-" + (i + 1)).toString(),
                    "--node-id", Integer.toString(i + 1),
                    "--controller-quorum", quorum,
                    "--cluster-id", clusterId)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            brokers.add(new Broker(i + 1, ports.get(i)[0], ports.get(i)[1], log, p));
        }
        KafkaCluster cluster = new KafkaCluster(brokers);
        try {
            for (Broker b : brokers) awaitReady(b, Duration.ofMinutes(3));
        } catch (AssertionError | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private static void awaitReady(Broker broker, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String log = Files.readString(broker.log());
            if (log.contains("KPM BROKER READY")) return;
            if (!broker.process().isAlive()) throw new AssertionError("broker " + broker.nodeId() + " exited:\n" + log);
            Thread.sleep(200);
        }
        throw new AssertionError("broker " + broker.nodeId() + " not ready within " + timeout + ":\n"
                + Files.readString(broker.log()));
    }

    String bootstrap() {
        return brokers.stream().map(b -> "127.0.0.1:" + b.port()).collect(Collectors.joining(","));
    }

    /** The brokers still running, as a bootstrap list. */
    String liveBootstrap() {
        return brokers.stream().filter(b -> b.process().isAlive()).map(b -> "127.0.0.1:" + b.port())
                .collect(Collectors.joining(","));
    }

    Broker broker(int nodeId) {
        return brokers.get(nodeId - 1);
    }

    /** SIGKILL, as a machine that loses power. */
    void kill(int nodeId) throws Exception {
        Broker b = broker(nodeId);
        new ProcessBuilder("kill", "-KILL", Long.toString(b.process().pid())).inheritIO().start().waitFor();
        Kpm.awaitDead(b.process().pid(), Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        for (Broker b : brokers) b.process().destroy();
        for (Broker b : brokers) {
            try {
                if (!b.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) b.process().destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
