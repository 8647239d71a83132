package io.kpm.cli.http;

/** No answer from the gateway at all (connection refused, timed out, broken). */
public final class GatewayUnreachable extends RuntimeException {

    public GatewayUnreachable(String baseUrl, Throwable cause) {
        super("cannot reach the gateway at " + baseUrl + ": " + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        if (cause instanceof java.net.ConnectException) return "connection refused";
        if (cause instanceof java.net.SocketTimeoutException) return "no answer in time";
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
