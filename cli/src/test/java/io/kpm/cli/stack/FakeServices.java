package io.kpm.cli.stack;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.tools.ToolProvider;

/**
 * A kpm checkout with tiny stand-ins for the packaged services, compiled when the test runs, so that up, status
 * and down can be tested with real processes, ports and pid files before (and apart from) the real services.
 * The broker announces itself like BrokerMain; each "Quarkus" service serves /q/health/ready, /api/v1/nodes
 * with five UP nodes, and a spawn that becomes job 0 printing "private hello" and finishing with exit code 5.
 */
public final class FakeServices {

    private static final String BROKER = """
            package io.kpm.broker;
            public final class BrokerMain {
                public static void main(String[] args) throws Exception {
                    int port = Integer.parseInt(args[java.util.Arrays.asList(args).indexOf("--port") + 1]);
                    java.net.ServerSocket socket = new java.net.ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress());
                    System.out.println("KPM BROKER READY 127.0.0.1:" + port + " in 1 ms");
                    while (true) socket.accept().close();
                }
            }
            """;

    private static final String SERVICE = """
            public final class FakeService {
                public static void main(String[] args) throws Exception {
                    int port = Integer.getInteger("quarkus.http.port");
                    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                            new java.net.InetSocketAddress(port), 0);
                    server.createContext("/", exchange -> {
                        String path = exchange.getRequestURI().getPath();
                        if (path.equals("/api/v1/spawn")) {
                            byte[] accepted = "{\\"pgid\\":0,\\"kvsname\\":\\"kvs_kpm_0\\"}".getBytes();
                            exchange.sendResponseHeaders(202, accepted.length);
                            exchange.getResponseBody().write(accepted);
                            exchange.close();
                            return;
                        }
                        if (path.equals("/api/v1/jobs/0/output")) {
                            String hello = java.util.Base64.getEncoder().encodeToString("private hello\\n".getBytes());
                            byte[] events = ("event: output\\ndata: {\\"rank\\":0,\\"stream\\":\\"STDOUT\\",\\"data\\":\\"" + hello
                                    + "\\"}\\n\\nevent: end\\ndata: {\\"pgid\\":0,\\"state\\":\\"FINISHED\\",\\"exitCode\\":5}\\n\\n").getBytes();
                            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                            exchange.sendResponseHeaders(200, events.length);
                            exchange.getResponseBody().write(events);
                            exchange.close();
                            return;
                        }
                        String body = path.equals("/api/v1/nodes")
                                ? "[" + "{\\"nodeId\\":\\"n\\",\\"state\\":\\"UP\\"},".repeat(4) + "{\\"nodeId\\":\\"n\\",\\"state\\":\\"UP\\"}]"
                                : "{\\"status\\":\\"UP\\",\\"checks\\":[]}";
                        byte[] bytes = body.getBytes();
                        exchange.sendResponseHeaders(200, bytes.length);
                        exchange.getResponseBody().write(bytes);
                        exchange.close();
                    });
                    server.start();
                    System.out.println("fake service listening on " + port);
                }
            }
            """;

    private static final String FAILING = """
            public final class FailingService {
                public static void main(String[] args) {
                    System.out.println("boom: the fake scheduler cannot start");
                    System.exit(1);
                }
            }
            """;

    private FakeServices() {
    }

    /** A checkout in {@code home} whose services work; with {@code failingScheduler} the scheduler exits at once. */
    public static Path create(Path home, boolean failingScheduler) throws IOException {
        Path sources = Files.createDirectories(home.resolve("fake-src"));
        Path classes = Files.createDirectories(home.resolve("fake-classes"));
        Files.createDirectories(sources.resolve("io/kpm/broker"));
        Path broker = Files.writeString(sources.resolve("io/kpm/broker/BrokerMain.java"), BROKER);
        Path service = Files.writeString(sources.resolve("FakeService.java"), SERVICE);
        Path failing = Files.writeString(sources.resolve("FailingService.java"), FAILING);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                broker.toString(), service.toString(), failing.toString());
        if (rc != 0) throw new IllegalStateException("cannot compile the fake services");

        jar(classes, home.resolve("broker/target/kpm-broker.jar"), null, "io/kpm/broker/BrokerMain.class");
        Files.createDirectories(home.resolve("broker/target/lib"));
        jar(classes, home.resolve("gateway/target/quarkus-app/quarkus-run.jar"), "FakeService", "FakeService.class");
        jar(classes, home.resolve("node-agent/target/quarkus-app/quarkus-run.jar"), "FakeService", "FakeService.class");
        // the all-in-one JVM hosts the scheduler: it fails with it
        for (String scheduler : List.of("scheduler", "all-in-one")) {
            Path jar = home.resolve(scheduler + "/target/quarkus-app/quarkus-run.jar");
            if (failingScheduler) jar(classes, jar, "FailingService", "FailingService.class");
            else jar(classes, jar, "FakeService", "FakeService.class");
        }
        return home;
    }

    private static void jar(Path classes, Path jar, String mainClass, String... entries) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (mainClass != null) manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (String entry : entries) {
                out.putNextEntry(new JarEntry(entry));
                out.write(Files.readAllBytes(classes.resolve(entry)));
                out.closeEntry();
            }
        }
    }

    /** A base port B with B..B+4 and B+10..B+10+nodes-1 free. */
    public static int freeBasePort(int nodes) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = PortAllocator.freePorts(1).get(0);
            if (base + 10 + nodes > 65535) continue;
            boolean free = Stream.concat(Stream.of(0, 1, 2, 3, 4), Stream.iterate(10, i -> i + 1).limit(nodes))
                    .allMatch(offset -> PortAllocator.isFree(base + offset));
            if (free) return base;
        }
        throw new IllegalStateException("no free range of ports found");
    }
}
