package io.kpm.cli.http;

/**
 * The gateway answered with an error (RFC 7807 problem JSON, or anything else with an error status).
 * The message is the problem's detail, what a person should read.
 */
public final class GatewayProblem extends RuntimeException {

    private final int status;
    private final String title;

    public GatewayProblem(int status, String title, String detail) {
        super(detail != null && !detail.isBlank() ? detail
                : title != null && !title.isBlank() ? title : "the gateway answered HTTP " + status);
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
