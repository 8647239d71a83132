package io.kpm.gateway.api;

import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * No REST action without the stack's token ({@code Authorization: Bearer <token>}, {@link RestToken}), as Flux
 * admits only its instance owner: whoever can spawn through the gateway runs commands as the agents' user. Only
 * the health checks are open, because supervisors probe them without credentials (SmallRye Health serves them
 * outside REST, so they never reach this filter; the path test stays for safety). A gateway with no token
 * configured refuses everything rather than serve everyone.
 */
public class TokenAuthFilter {

    @Inject
    RestToken token;

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        if (isHealth(request.getUriInfo().getPath())) return Optional.empty();
        return token.refusal(request.getHeaderString(HttpHeaders.AUTHORIZATION)).map(TokenAuthFilter::unauthorized);
    }

    private static boolean isHealth(String path) {
        return path.equals("/q/health") || path.startsWith("/q/health/");
    }

    private static Response unauthorized(String detail) {
        return Response.fromResponse(Problem.of(401, "unauthorized", detail).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"kpm\"").build();
    }
}
