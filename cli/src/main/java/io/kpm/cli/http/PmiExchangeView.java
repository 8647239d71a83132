package io.kpm.cli.http;

/** One PMI request of a rank and the gateway's response, as {@code GET /jobs/{pgid}/pmi} lists it (ISO times). */
public record PmiExchangeView(int rank, String protocol, String request, String response, String requestTime,
        String responseTime) {
}
