package io.kpm.gateway.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.ws.rs.core.Response;

/** An RFC 7807 problem: every error the API answers, as {@code application/problem+json}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, Long pgid, List<Integer> errcodes,
        List<String> problems) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String slug, String detail) {
        return new Problem("urn:kpm:problem:" + slug, title(status), status, detail, null, null, null);
    }

    public Problem withJob(Long pgid, List<Integer> errcodes) {
        return new Problem(type, title, status, detail, pgid,
                errcodes == null || errcodes.isEmpty() ? null : List.copyOf(errcodes), problems);
    }

    /** Each problem of a refused body on its own, every one naming its field (the detail joins them). */
    public Problem withProblems(List<String> each) {
        return new Problem(type, title, status, detail, pgid, errcodes, each == null ? null : List.copyOf(each));
    }

    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status).type(MEDIA_TYPE).entity(this);
        // an unavailable gateway says when to ask again (RFC 9110): the answer is temporary
        if (status == 503) response.header("Retry-After", "1");
        return response.build();
    }

    public ProblemException toException() {
        return new ProblemException(this);
    }

    public static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) return known.getReasonPhrase();
        return status >= 500 ? "Server Error" : "Client Error";
    }
}
