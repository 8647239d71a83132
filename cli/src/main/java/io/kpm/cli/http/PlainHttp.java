package io.kpm.cli.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP/1.1 calls over {@link HttpURLConnection}. The command is a short-lived JVM, and
 * {@code java.net.http.HttpClient} costs it 300-450 ms before its first answer (building the client and its
 * selector, loading its classes), against about 40 ms here: that was a third of a {@code kpm run}. Connections
 * are kept alive and reused by the JDK between calls to the same gateway.
 */
final class PlainHttp {

    static {
        // HttpURLConnection silently sends a POST again when a kept-alive connection fails before the answer;
        // a spawn sent twice would be two jobs. A failed POST is reported instead.
        System.setProperty("sun.net.http.retryPost", "false");
    }

    /** An answer read to its end. */
    record Answer(int status, String body, String method, String path) {
    }

    private final Duration connectTimeout;
    private final String token;

    /** @param token sent as {@code Authorization: Bearer} on every call, or null */
    PlainHttp(Duration connectTimeout, String token) {
        this.connectTimeout = connectTimeout;
        this.token = token;
    }

    /**
     * One call, its whole answer read (also an error's).
     *
     * @param body sent as JSON when not null
     * @throws IOException when there is no answer: refused, timed out, broken
     */
    Answer call(String method, String url, String accept, String body, Duration timeout) throws IOException {
        return call(method, url, accept, body == null ? null : body.getBytes(StandardCharsets.UTF_8), "application/json",
                timeout);
    }

    /** One call with a body of bytes of {@code contentType} (sent when not null), its whole answer read. */
    Answer call(String method, String url, String accept, byte[] body, String contentType, Duration timeout)
            throws IOException {
        HttpURLConnection connection = open(url, accept);
        connection.setRequestMethod(method);
        connection.setReadTimeout(millis(timeout));
        if (body != null) {
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            connection.setRequestProperty("Content-Type", contentType);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
        }
        int status = connection.getResponseCode();
        return new Answer(status, wholeBody(connection, status), method, URI.create(url).getPath());
    }

    /**
     * A GET whose answer is read as it comes (server-sent events), without a read timeout: a stream may be quiet
     * for as long as its job runs. Closing the stream closes the connection.
     *
     * @return the status and, for 2xx, the open body; for others the body read in full
     */
    Stream stream(String url, String accept) throws IOException {
        HttpURLConnection connection = open(url, accept);
        connection.setReadTimeout(0);
        int status = connection.getResponseCode();
        if (status / 100 != 2) return new Stream(status, null, wholeBody(connection, status));
        InputStream body = new FilterInputStream(connection.getInputStream()) {
            @Override
            public void close() throws IOException {
                // an endless stream cannot be drained for reuse: drop the connection
                connection.disconnect();
                super.close();
            }
        };
        return new Stream(status, body, null);
    }

    /** A stream's answer: {@code body} open for 2xx, else {@code error} holds what the server said. */
    record Stream(int status, InputStream body, String error) {
    }

    private HttpURLConnection open(String url, String accept) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setConnectTimeout(millis(connectTimeout));
        connection.setUseCaches(false);
        connection.setRequestProperty("Accept", accept);
        if (token != null) connection.setRequestProperty("Authorization", "Bearer " + token);
        // who the request is sent for, recorded with the jobs it submits
        String user = System.getProperty("user.name");
        if (user != null) connection.setRequestProperty("X-Kpm-User", user);
        return connection;
    }

    /** The answer's body as text, an error's too (empty when there is none). */
    private static String wholeBody(HttpURLConnection connection, int status) throws IOException {
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
