package io.kpm.gateway.api;

import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.kpm.gateway.GatewayConfig;

/**
 * A body larger than {@code kpm.gateway.max-body} is refused with 413 problem JSON before it is read (it would
 * not fit in a Kafka record anyway). Bodies without a length are cut by Quarkus' own limit
 * ({@code quarkus.http.limits.max-body-size}, 16M), which also answers a bare 413 above that size.
 */
public class BodySizeFilter {

    private final long maxBody;

    @Inject
    public BodySizeFilter(GatewayConfig config) {
        this.maxBody = config.maxBody().asLongValue();
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> limit(ContainerRequestContext request) {
        int length = request.getLength();
        if (length > maxBody) {
            return Optional.of(Problem.of(413, "body-too-large", "the request body has " + length
                    + " bytes; at most " + maxBody + " are accepted (kpm.gateway.max-body)").toResponse());
        }
        return Optional.empty();
    }
}
