package io.kpm.gateway.api;

import static io.kpm.gateway.api.ReadOnlyEndpointsAccess.fromLoopback;
import static io.kpm.gateway.api.ReadOnlyEndpointsAccess.needsToken;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.vertx.core.net.SocketAddress;

/** Who needs the token for the extensions' /q endpoints (the service tests can only call from loopback). */
class ReadOnlyEndpointsAccessTest {

    @Test
    void metricsOpenApiAndSwaggerUiNeedTheTokenFromAnotherMachineOnly() {
        for (String path : new String[] { "/q/metrics", "/q/openapi", "/q/openapi.json", "/q/swagger-ui",
                "/q/swagger-ui/index.html" }) {
            assertTrue(needsToken(path, false), path);
            assertFalse(needsToken(path, true), path);
        }
    }

    @Test
    void healthStaysOpenAndRestIsLeftToTheRestFilter() {
        assertFalse(needsToken("/q/health/ready", false));
        assertFalse(needsToken("/q/health", false));
        assertFalse(needsToken("/api/v1/jobs", false));
        assertFalse(needsToken("/q/metricsx", false));
    }

    @Test
    void loopbackIsV4AndV6LoopbackOnly() {
        assertTrue(fromLoopback(SocketAddress.inetSocketAddress(1234, "127.0.0.1")));
        assertTrue(fromLoopback(SocketAddress.inetSocketAddress(1234, "::1")));
        assertFalse(fromLoopback(SocketAddress.inetSocketAddress(1234, "192.168.1.5")));
        assertFalse(fromLoopback(null));
    }
}
