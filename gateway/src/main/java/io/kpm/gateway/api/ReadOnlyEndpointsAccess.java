package io.kpm.gateway.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /q/metrics}, {@code /q/openapi} and {@code /q/swagger-ui} are served by Quarkus extensions as plain
 * Vert.x routes, which {@link TokenAuthFilter} (a REST filter) never sees; both ask {@link RestToken}. They only
 * read, so a client on the gateway's own machine (loopback: a local Prometheus, curl, a browser there) may
 * read them without the token; any other client shows the stack's token, as for REST. {@code /q/health} stays open to all: supervisors probe
 * it without credentials. docs/security.md says so.
 */
@ApplicationScoped
public class ReadOnlyEndpointsAccess {

    /** Before every route, REST included (Quarkus' own filters use lower priorities). */
    private static final int PRIORITY = 1000;

    /** A client proxy: the Filters event comes before the gateway's config can be read, requests after. */
    @Inject
    RestToken token;

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    private void filter(RoutingContext request) {
        if (!needsToken(request.normalizedPath(), fromLoopback(request.request().remoteAddress()))) {
            request.next();
            return;
        }
        Optional<String> refusal = token.refusal(request.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (refusal.isEmpty()) {
            request.next();
            return;
        }
        Problem problem = Problem.of(401, "unauthorized", refusal.get() + " (from loopback no token is needed here)");
        request.response().setStatusCode(401)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"kpm\"")
                .end(JsonObject.mapFrom(problem).encode());
    }

    /** Whether this filter asks for the token: a read-only /q endpoint, from another machine. REST is not its business. */
    static boolean needsToken(String path, boolean fromLoopback) {
        boolean readOnly = under(path, "/q/metrics") || under(path, "/q/openapi") || under(path, "/q/swagger-ui");
        return readOnly && !fromLoopback;
    }

    private static boolean under(String path, String root) {
        return path.equals(root) || path.startsWith(root + "/") || path.startsWith(root + ".");
    }

    static boolean fromLoopback(SocketAddress peer) {
        if (peer == null || peer.hostAddress() == null) return false;
        try {
            return InetAddress.getByName(peer.hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
