package io.kpm.gateway.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.kpm.gateway.GatewayConfig;

/**
 * No REST action without the stack's token ({@code Authorization: Bearer <token>}), as Flux admits only its
 * instance owner: whoever can spawn through the gateway runs commands as the agents' user. Only the health
 * checks are open, because supervisors probe them without credentials. A gateway with no token configured
 * refuses everything rather than serve everyone.
 */
public class TokenAuthFilter {

    private static final Logger LOG = Logger.getLogger(TokenAuthFilter.class);

    private final boolean enabled;
    private final byte[] token;

    @Inject
    public TokenAuthFilter(GatewayConfig config) {
        this.enabled = config.auth().enabled();
        this.token = load(config.auth()).map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
        if (enabled && token == null) {
            LOG.warn("no REST token configured (kpm.gateway.auth.token-file or kpm.gateway.auth.token): "
                    + "every REST request but /q/health is refused");
        }
        if (!enabled) LOG.warn("REST authentication is off (kpm.gateway.auth.enabled=false)");
    }

    private static Optional<String> load(GatewayConfig.Auth auth) {
        if (auth.token().isPresent() && !auth.token().get().isBlank()) return Optional.of(auth.token().get().trim());
        if (auth.tokenFile().isEmpty()) return Optional.empty();
        try {
            String text = Files.readString(auth.tokenFile().get()).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the REST token file " + auth.tokenFile().get() + ": " + e, e);
        }
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        if (!enabled || isHealth(request.getUriInfo().getPath())) return Optional.empty();
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (token == null) {
            return Optional.of(unauthorized("this gateway has no REST token configured, so it answers nobody; "
                    + "set kpm.gateway.auth.token-file"));
        }
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(unauthorized("missing credentials: send Authorization: Bearer <token> (kpm up writes "
                    + "the token to <state dir>/token; the kpm command sends it)"));
        }
        byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(token, presented)) return Optional.of(unauthorized("the token is not this stack's"));
        return Optional.empty();
    }

    private static boolean isHealth(String path) {
        return path.equals("/q/health") || path.startsWith("/q/health/");
    }

    private static Response unauthorized(String detail) {
        return Response.fromResponse(Problem.of(401, "unauthorized", detail).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"kpm\"").build();
    }
}
