package io.kpm.cli.http;

/** One server-sent event: its name ({@code message} when the server gave none), data and last id. */
public record SseEvent(String name, String data, String id) {
}
