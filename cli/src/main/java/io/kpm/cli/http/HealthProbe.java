package io.kpm.cli.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Is a service up: its {@code /q/health/ready} answers 200, or (the broker) its port accepts connections. */
public final class HealthProbe {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private HealthProbe() {
    }

    public static boolean ready(String healthUrl) {
        return ready(HTTP, healthUrl);
    }

    static boolean ready(HttpClient http, String healthUrl) {
        try {
            HttpRequest get = HttpRequest.newBuilder(URI.create(healthUrl)).timeout(Duration.ofSeconds(2)).GET().build();
            return http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
