package io.kpm.cli.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Is a service up: its {@code /q/health/ready} answers 200, or (the broker) its port accepts connections. */
public final class HealthProbe {

    private static final PlainHttp HTTP = new PlainHttp(Duration.ofSeconds(2), null);

    private HealthProbe() {
    }

    public static boolean ready(String healthUrl) {
        try {
            return HTTP.call("GET", healthUrl, "application/json", null, Duration.ofSeconds(2)).status() == 200;
        } catch (IOException | IllegalArgumentException e) {
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
