package io.kpm.gateway.api;

import java.util.stream.Collectors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** Every error of the API as problem JSON, including the ones JAX-RS and Jackson raise on bad requests. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonParseException e) {
        return Problem.of(400, "malformed-json", "the request body is not valid JSON: "
                + withoutSource(e.getOriginalMessage()) + location(e)).toResponse();
    }

    /** Also registered for its subclass because Quarkus has its own mapper for exactly that type. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return wrongJson(e);
    }

    @ServerExceptionMapper
    public Response wrongJson(JsonMappingException e) {
        // Jackson wraps a syntax error met inside a record in a mapping exception that carries the path
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof JsonParseException p) return unreadableJson(p);
        }
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining());
        String where = field.isEmpty() ? "the request body" : field.substring(field.startsWith(".") ? 1 : 0);
        return Problem.of(400, "malformed-json", where + " has the wrong form: " + withoutSource(e.getOriginalMessage()))
                .toResponse();
    }

    @ServerExceptionMapper
    public Response otherJson(JsonProcessingException e) {
        return Problem.of(400, "malformed-json", "the request body cannot be read: " + e.getOriginalMessage())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri, HttpHeaders headers, Request request) {
        int status = e.getResponse().getStatus();
        if (status >= 500) LOG.error("request failed", e);
        Throwable cause = e.getCause();
        if (cause instanceof JsonParseException p) return unreadableJson(p);
        if (cause instanceof JsonMappingException m) return wrongJson(m);
        String target = request.getMethod() + " " + uri.getRequestUri().getPath();
        String detail = switch (status) {
            case 404 -> "there is nothing at " + target + " (the API is under /api/v1 and /api/v2)";
            case 405 -> request.getMethod() + " is not allowed on " + uri.getRequestUri().getPath();
            case 415 -> "the body of " + target + " must be application/json, got " + headers.getMediaType();
            case 406 -> target + " cannot answer in " + headers.getAcceptableMediaTypes();
            default -> e.getMessage();
        };
        return Problem.of(status, Problem.title(status).toLowerCase().replace(' ', '-'), detail).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("unexpected error", e);
        return Problem.of(500, "internal-error", "the gateway failed: " + e).toResponse();
    }

    /** Jackson names the (redacted) source inside locations; a person needs only line and column. */
    private static String withoutSource(String message) {
        return message == null ? "" : message.replaceAll("\\[Source: [^;]*; ", "[");
    }

    private static String location(JsonParseException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
