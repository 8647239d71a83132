package io.kpm.cli.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the gateway's REST API in the command's own tests (the real services are tested as processes
 * end to end): answers what each test scripts, and records the requests.
 */
public final class FakeGateway implements AutoCloseable {

    public final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    public final List<String> spawnBodies = Collections.synchronizedList(new ArrayList<>());
    public volatile List<Answer> spawnAnswers = List.of(new Answer(202, "{\"pgid\":7,\"kvsname\":\"kvs_kpm_7\",\"url\":\"/api/v1/jobs/7\"}"));
    public volatile List<String> outputEvents = List.of();
    public volatile String jobView = "{\"pgid\":7,\"state\":\"FINISHED\",\"exitCode\":0}";
    public volatile String nodes = "[{\"nodeId\":\"node-0\",\"state\":\"UP\",\"cores\":2}]";
    public volatile boolean outputEndsWithoutEnd;
    /** The SSE events {@code GET /jobs/{pgid}/events} sends before it ends. */
    public volatile List<String> jobEvents = List.of();
    /** Events of particular jobs (others get {@link #jobEvents}). */
    public volatile java.util.Map<Long, List<String>> jobEventsByPgid = java.util.Map.of();
    /** The body of GET /jobs, when set (else a list of {@link #jobView}); GET /jobs/{pgid}/family is taken from it. */
    public volatile String jobList;
    /** Output events of particular jobs (others get {@link #outputEvents}). */
    public volatile java.util.Map<Long, List<String>> outputEventsByPgid = java.util.Map.of();
    /** Views of particular jobs (others get {@link #jobView}), also in their output's end event. */
    public volatile java.util.Map<Long, String> jobViewsByPgid = java.util.Map.of();
    public volatile String pmiLog = "[]";
    /** When set, every {@code /jobs/{pgid}...} answers the gateway's 404 problem. */
    public volatile boolean noSuchJob;
    /** When set, the output stream stays open until a DELETE of the job, then sends these events and the end. */
    public volatile List<String> afterDelete;
    public final java.util.concurrent.CountDownLatch outputOpened = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch deleted = new java.util.concurrent.CountDownLatch(1);
    private final AtomicInteger spawnCalls = new AtomicInteger();
    private final HttpServer server;

    public record Answer(int status, String body) {
    }

    public FakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** An SSE event as the gateway writes it. */
    public static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    public static String output(int rank, String stream, String text) {
        String base64 = java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        return event("output", "{\"rank\":" + rank + ",\"stream\":\"" + stream + "\",\"data\":\"" + base64 + "\"}");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        requests.add(method + " " + exchange.getRequestURI());
        try (exchange) {
            if (noSuchJob && path.matches("/api/v1/jobs/\\d+(/.*)?")) {
                String pgid = path.replaceAll("/api/v1/jobs/(\\d+).*", "$1");
                send(exchange, 404, "application/problem+json", "{\"type\":\"https://kpm.io/problems/unknown-job\","
                        + "\"title\":\"unknown-job\",\"status\":404,\"detail\":\"no job with pgid " + pgid + "\"}");
            } else if (method.equals("GET") && path.matches("/api/v1/jobs/\\d+/events")) {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                long pgid = Long.parseLong(path.replaceAll("/api/v1/jobs/(\\d+).*", "$1"));
                for (String event : jobEventsByPgid.getOrDefault(pgid, jobEvents)) {
                    exchange.getResponseBody().write(event.getBytes(StandardCharsets.UTF_8));
                }
            } else if (method.equals("GET") && path.matches("/api/v1/jobs/\\d+/family")) {
                send(exchange, 200, "application/json", family(pgidOf(path)));
            } else if (method.equals("GET") && path.matches("/api/v1/jobs/\\d+/pmi")) {
                send(exchange, 200, "application/json", pmiLog);
            } else if (method.equals("POST") && path.equals("/api/v1/spawn")) {
                spawnBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                List<Answer> answers = spawnAnswers;
                Answer answer = answers.get(Math.min(spawnCalls.getAndIncrement(), answers.size() - 1));
                send(exchange, answer.status(), answer.status() >= 400 ? "application/problem+json" : "application/json",
                        answer.body());
            } else if (method.equals("GET") && path.matches("/api/v1/jobs/\\d+/output")) {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                long pgid = pgidOf(path);
                for (String event : outputEventsByPgid.getOrDefault(pgid, outputEvents)) {
                    // one event in two writes: readers must not care where the network splits
                    byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
                    out.write(bytes, 0, bytes.length / 2);
                    out.flush();
                    out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
                    out.flush();
                }
                outputOpened.countDown();
                if (afterDelete != null) {
                    try {
                        deleted.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    for (String event : afterDelete) out.write(event.getBytes(StandardCharsets.UTF_8));
                }
                if (!outputEndsWithoutEnd) out.write(event("end", viewOf(pgid)).getBytes(StandardCharsets.UTF_8));
            } else if (method.equals("GET") && path.matches("/api/v1/jobs/\\d+")) {
                send(exchange, 200, "application/json", viewOf(pgidOf(path)));
            } else if (method.equals("DELETE") && path.matches("/api/v1/jobs/\\d+")) {
                send(exchange, 202, "application/json", jobView);
                deleted.countDown();
            } else if (method.equals("GET") && path.equals("/api/v1/jobs")) {
                send(exchange, 200, "application/json", jobList != null ? jobList : "[" + jobView + "]");
            } else if (method.equals("GET") && path.equals("/api/v1/nodes")) {
                send(exchange, 200, "application/json", nodes);
            } else {
                send(exchange, 404, "text/plain", "no such thing\nsecond line");
            }
        }
    }

    private static long pgidOf(String path) {
        return Long.parseLong(path.replaceAll("/api/v1/jobs/(\\d+).*", "$1"));
    }

    private String viewOf(long pgid) {
        return jobViewsByPgid.getOrDefault(pgid, jobView);
    }

    /** As the gateway answers it: the job, then the jobs spawned from it (by spawnerPgid in {@link #jobList}), breadth first. */
    private String family(long pgid) throws IOException {
        if (jobList == null) return "[" + viewOf(pgid) + "]";
        com.fasterxml.jackson.databind.JsonNode all = Json.mapper().readTree(jobList);
        List<com.fasterxml.jackson.databind.JsonNode> members = new ArrayList<>();
        java.util.Deque<Long> next = new java.util.ArrayDeque<>(List.of(pgid));
        while (!next.isEmpty()) {
            long job = next.poll();
            for (com.fasterxml.jackson.databind.JsonNode view : all) {
                if (view.path("pgid").asLong() == job) members.add(view);
                if (view.hasNonNull("spawnerPgid") && view.get("spawnerPgid").asLong() == job) {
                    next.add(view.get("pgid").asLong());
                }
            }
        }
        return members.toString();
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
