package io.kpm.gateway.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kpm.gateway.GatewayConfig;
import io.quarkus.runtime.Startup;

/**
 * The stack's REST token and who passes it: asked by {@link TokenAuthFilter} for REST and by
 * {@link ReadOnlyEndpointsAccess} for the /q endpoints the extensions serve outside REST. Made at startup, so
 * that a missing token is said then.
 */
@Startup
@ApplicationScoped
public class RestToken {

    private static final Logger LOG = Logger.getLogger(RestToken.class);

    private final boolean enabled;
    private final byte[] token;

    @Inject
    public RestToken(GatewayConfig config) {
        this.enabled = config.auth().enabled();
        this.token = load(config.auth()).map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
        if (enabled && token == null) {
            LOG.warn("no REST token configured (kpm.gateway.auth.token-file or kpm.gateway.auth.token): "
                    + "every REST request but /q/health is refused");
        }
        if (!enabled) LOG.warn("REST authentication is off (kpm.gateway.auth.enabled=false)");
    }

    /** For the client proxy only. */
    RestToken() {
        this.enabled = true;
        this.token = null;
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

    /** @return why a request with this Authorization header is refused, or empty when it may pass */
    public Optional<String> refusal(String header) {
        if (!enabled) return Optional.empty();
        if (token == null) {
            return Optional.of("this gateway has no REST token configured, so it answers nobody; "
                    + "set kpm.gateway.auth.token-file");
        }
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of("missing credentials: send Authorization: Bearer <token> (kpm up writes "
                    + "the token to <state dir>/token; the kpm command sends it)");
        }
        byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(token, presented)) return Optional.of("the token is not this stack's");
        return Optional.empty();
    }
}
