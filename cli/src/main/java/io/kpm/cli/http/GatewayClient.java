package io.kpm.cli.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URLEncoder;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The gateway's REST API ({@code /api/v1}, docs/architecture.md "REST API") as the command uses it. */
public final class GatewayClient {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final PlainHttp http;
    private final ObjectMapper json = Json.mapper();

    /** @param baseUrl the gateway's root, e.g. {@code http://127.0.0.1:7702} (a trailing {@code /api/v1} is fine) */
    public GatewayClient(String baseUrl) {
        this(baseUrl, null);
    }

    /** @param token the stack's REST token (see StackToken), or null to send none */
    public GatewayClient(String baseUrl, String token) {
        this.baseUrl = normalize(baseUrl);
        this.http = new PlainHttp(Duration.ofSeconds(5), token);
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
        return read(send("POST", "/api/v1/spawn?wait=false", request.toString()), SpawnAccepted.class);
    }

    /** {@code POST /api/v2/spawn?wait=false} (PMIx conventions): answers once the scheduler accepted the job. */
    public SpawnAccepted spawnV2(JsonNode request) {
        return read(send("POST", "/api/v2/spawn?wait=false", request.toString()), SpawnAccepted.class);
    }

    public JobView job(long pgid) {
        return read(get("/api/v1/jobs/" + pgid), JobView.class);
    }

    public List<JobView> jobs() {
        return read(get("/api/v1/jobs"), new TypeReference<List<JobView>>() { });
    }

    /** {@code GET /api/v1/jobs/{pgid}/family}: the job, then every group spawned from it (transitively), spawners first. */
    public List<JobView> family(long pgid) {
        return read(get("/api/v1/jobs/" + pgid + "/family"),
                new TypeReference<List<JobView>>() { });
    }

    public List<NodeView> nodes() {
        return read(get("/api/v1/nodes"), new TypeReference<List<NodeView>>() { });
    }

    /**
     * {@code POST /api/v1/nodes/{node}/drain} (or {@code undrain}): the node takes no new ranks (again new ranks);
     * answers the node as the registry then shows it.
     */
    public NodeView drain(String nodeId, boolean drain, String reason) {
        String path = "/api/v1/nodes/" + URLEncoder.encode(nodeId, UTF_8)
                .replace("+", "%20") + (drain ? "/drain" : "/undrain")
                + (reason == null ? "" : "?reason=" + URLEncoder.encode(reason, UTF_8));
        return read(send("POST", path, null), NodeView.class);
    }

    /** {@code DELETE /api/v1/jobs/{pgid}}: asks for the job to be killed; answers the job view. */
    public JobView abort(long pgid) {
        return read(send("DELETE", "/api/v1/jobs/" + pgid, null), JobView.class);
    }

    /** {@code POST /api/v1/jobs/{pgid}/signal}: the job's agents send {@code signal} (e.g. "USR1") to its ranks. */
    public void signal(long pgid, String signal) {
        checkStatus(send("POST", "/api/v1/jobs/" + pgid + "/signal", "{\"signal\":\"" + signal + "\"}"));
    }

    /**
     * {@code POST /api/v1/jobs/{pgid}/stdin?seq=N[&eof=true]}: the next chunk of the job's stdin (at most 64 KiB);
     * returns once Kafka has it. Throws {@link GatewayProblem} when the job takes no more stdin (it ended, its stdin
     * rank exited) and {@link GatewayUnreachable} when no answer came: the same seq may then be sent again.
     */
    public void stdin(long pgid, long seq, byte[] data, boolean eof) {
        String path = "/api/v1/jobs/" + pgid + "/stdin?seq=" + seq + (eof ? "&eof=true" : "");
        PlainHttp.Answer answer;
        try {
            answer = http.call("POST", baseUrl + path, "application/json", data, "application/octet-stream",
                    CALL_TIMEOUT);
        } catch (IOException e) {
            throw new GatewayUnreachable(baseUrl, e);
        }
        checkStatus(answer);
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
        return read(get(path), new TypeReference<List<PmiExchangeView>>() { });
    }

    private InputStream openStream(String path) {
        PlainHttp.Stream stream;
        try {
            stream = http.stream(baseUrl + path, "text/event-stream");
        } catch (IOException e) {
            throw new GatewayUnreachable(baseUrl, e);
        }
        if (stream.body() == null) throw problem(stream.status(), stream.error());
        return stream.body();
    }

    /** True when {@code GET /q/health/ready} answers 200 within two seconds. */
    public boolean ready() {
        return HealthProbe.ready(baseUrl + "/q/health/ready");
    }

    private PlainHttp.Answer get(String path) {
        return send("GET", path, null);
    }

    private PlainHttp.Answer send(String method, String path, String jsonBody) {
        try {
            return http.call(method, baseUrl + path, "application/json", jsonBody, CALL_TIMEOUT);
        } catch (IOException e) {
            throw new GatewayUnreachable(baseUrl, e);
        }
    }

    private <T> T read(PlainHttp.Answer response, Class<T> type) {
        checkStatus(response);
        try {
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw unreadable(response, e);
        }
    }

    private <T> T read(PlainHttp.Answer response, TypeReference<T> type) {
        checkStatus(response);
        try {
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw unreadable(response, e);
        }
    }

    private void checkStatus(PlainHttp.Answer response) {
        if (response.status() / 100 != 2) throw problem(response.status(), response.body());
    }

    private GatewayProblem unreadable(PlainHttp.Answer response, IOException e) {
        return new GatewayProblem(response.status(), "unreadable answer",
                "the gateway's answer to " + response.method() + " " + response.path()
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
