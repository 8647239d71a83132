package io.kpm.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The gateway's REST API as a launcher or tool uses it. */
final class GatewayApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    /** Each call sends the REST token of the stack the tests started last. */
    GatewayApi(String baseUrl) {
        this.base = baseUrl;
    }

    String base() {
        return base;
    }

    record Response(int status, JsonNode body) {
    }

    Response get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    Response post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    JsonNode job(long pgid) throws Exception {
        Response r = get("/api/v1/jobs/" + pgid);
        if (r.status() != 200) throw new AssertionError("GET job " + pgid + ": " + r);
        return r.body();
    }

    /** Waits until the job is in the state, and returns its view. */
    JsonNode awaitJobState(long pgid, String state, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode view = null;
        while (System.nanoTime() < deadline) {
            Response r = get("/api/v1/jobs/" + pgid);
            if (r.status() == 200) {
                view = r.body();
                if (state.equals(view.path("state").asText())) return view;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + pgid + " not " + state + " within " + timeout + ": " + view);
    }

    private Response send(HttpRequest.Builder request) throws Exception {
        String token = Kpm.token();
        if (token != null) request.header("Authorization", "Bearer " + token);
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return new Response(response.statusCode(), body == null || body.isBlank() ? null : JSON.readTree(body));
    }
}
