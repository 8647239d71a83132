package io.kpm.cli.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The gateway's REST API ({@code /api/v1}, docs/architecture.md "REST API") as the command uses it. */
public final class GatewayClient {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final HttpClient http;
    private final ObjectMapper json = Json.mapper();

    /** @param baseUrl the gateway's root, e.g. {@code http://127.0.0.1:7702} (a trailing {@code /api/v1} is fine) */
    public GatewayClient(String baseUrl) {
        this.baseUrl = normalize(baseUrl);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static String normalize(String baseUrl) {
        String url = baseUrl.strip();
        while (url.endsWith("/")) url = url.substring(0, url.length() - 1);
        if (url.endsWith("/api/v1")) url = url.substring(0, url.length() - "/api/v1".length());
        if (!url.contains("://")) url = "http://" + url;
        return url;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** {@code POST /api/v1/spawn?wait=false}: answers once the scheduler accepted the job. */
    public SpawnAccepted spawn(JsonNode request) {
        HttpRequest post = request("/api/v1/spawn?wait=false")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                .build();
        return read(send(post), SpawnAccepted.class);
    }

    public JobView job(long pgid) {
        return read(send(request("/api/v1/jobs/" + pgid).GET().build()), JobView.class);
    }

    public List<JobView> jobs() {
        return read(send(request("/api/v1/jobs").GET().build()), new TypeReference<List<JobView>>() { });
    }

    /** {@code GET /api/v1/jobs/{pgid}/family}: the job, then every group spawned from it (transitively), spawners first. */
    public List<JobView> family(long pgid) {
        return read(send(request("/api/v1/jobs/" + pgid + "/family").GET().build()),
                new TypeReference<List<JobView>>() { });
    }

    public List<NodeView> nodes() {
        return read(send(request("/api/v1/nodes").GET().build()), new TypeReference<List<NodeView>>() { });
    }

    /** {@code DELETE /api/v1/jobs/{pgid}}: asks for the job to be killed; answers the job view. */
    public JobView abort(long pgid) {
        return read(send(request("/api/v1/jobs/" + pgid).DELETE().build()), JobView.class);
    }

    /** Opens {@code GET /api/v1/jobs/{pgid}/output}; the caller reads it with {@link SseReader} and closes it. */
    public InputStream openOutput(long pgid) {
        return openOutput(pgid, null, null);
    }

    /** The output stream with the gateway's filters: one rank and/or one stream ("stdout", "stderr"); null: all. */
    public InputStream openOutput(long pgid, Integer rank, String stream) {
        StringBuilder query = new StringBuilder();
        if (rank != null) query.append(query.isEmpty() ? "?" : "&").append("rank=").append(rank);
        if (stream != null) query.append(query.isEmpty() ? "?" : "&").append("stream=").append(stream);
        return openStream("/api/v1/jobs/" + pgid + "/output" + query);
    }

    /**
     * Opens {@code GET /api/v1/jobs/{pgid}/events}: the job's events (kpm JSON, one per SSE event); without
     * {@code follow} the gateway ends the stream after what it has now instead of at the job's end.
     */
    public InputStream openEvents(long pgid, boolean follow) {
        return openStream("/api/v1/jobs/" + pgid + "/events" + (follow ? "" : "?follow=false"));
    }

    /** {@code GET /api/v1/jobs/{pgid}/pmi[?rank=R]}: the job's PMI exchanges by request time. */
    public List<PmiExchangeView> pmiLog(long pgid, Integer rank) {
        String path = "/api/v1/jobs/" + pgid + "/pmi" + (rank == null ? "" : "?rank=" + rank);
        return read(send(request(path).GET().build()), new TypeReference<List<PmiExchangeView>>() { });
    }

    private InputStream openStream(String path) {
        HttpRequest get = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = http.send(get, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() / 100 != 2) {
                byte[] body;
                try (InputStream in = response.body()) {
                    body = in.readAllBytes();
                }
                throw problem(response.statusCode(), new String(body, java.nio.charset.StandardCharsets.UTF_8));
            }
            return response.body();
        } catch (IOException e) {
            throw new GatewayUnreachable(baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayUnreachable(baseUrl, e);
        }
    }

    /** True when {@code GET /q/health/ready} answers 200 within two seconds. */
    public boolean ready() {
        return HealthProbe.ready(http, baseUrl + "/q/health/ready");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(CALL_TIMEOUT)
                .header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new GatewayUnreachable(baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayUnreachable(baseUrl, e);
        }
    }

    private <T> T read(HttpResponse<String> response, Class<T> type) {
        checkStatus(response);
        try {
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw unreadable(response, e);
        }
    }

    private <T> T read(HttpResponse<String> response, TypeReference<T> type) {
        checkStatus(response);
        try {
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw unreadable(response, e);
        }
    }

    private void checkStatus(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) throw problem(response.statusCode(), response.body());
    }

    private GatewayProblem unreadable(HttpResponse<String> response, IOException e) {
        return new GatewayProblem(response.statusCode(), "unreadable answer",
                "the gateway's answer to " + response.request().method() + " " + response.request().uri().getPath()
                        + " is not what kpm expects: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                        ? j.getOriginalMessage() : e.getMessage()));
    }

    /** An error answer: the problem JSON's title and detail, else the body's first line. */
    static GatewayProblem problem(int status, String body) {
        try {
            JsonNode problem = Json.mapper().readTree(body);
            if (problem != null && problem.isObject()) {
                return new GatewayProblem(status, text(problem, "title"), text(problem, "detail"));
            }
        } catch (IOException e) {
            // not JSON: fall back to the text
        }
        String text = body == null ? "" : body.strip();
        int newline = text.indexOf('\n');
        if (newline >= 0) text = text.substring(0, newline);
        return new GatewayProblem(status, null, text.isEmpty() ? null : "HTTP " + status + ": " + text);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
