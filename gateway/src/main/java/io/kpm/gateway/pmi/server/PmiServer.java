package io.kpm.gateway.pmi.server;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kpm.gateway.GatewayConfig;
import io.kpm.gateway.pmi.audit.PmiAudit;
import io.kpm.gateway.pmi.handlers.PmiDispatcher;
import io.kpm.gateway.pmi.wire1.Pmi1Encoder;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;

/** The PMI port: one Vert.x TCP server for PMI-1 and PMI-2; each connection is a {@link PmiConnection}. */
@ApplicationScoped
public class PmiServer {

    private static final Logger LOG = Logger.getLogger(PmiServer.class);

    @Inject
    Vertx vertx;

    @Inject
    GatewayConfig config;

    @Inject
    GatewayPmiBackend backend;

    @Inject
    PmiAudit audit;

    @Inject
    MeterRegistry metrics;

    private NetServer server;
    private volatile int boundPort;

    void onStart(@Observes StartupEvent event) throws Exception {
        PmiDispatcher dispatcher = new PmiDispatcher(backend);
        ConnectionLimits limits = new ConnectionLimits(config.pmi().maxConnections(), config.pmi().maxConnectionsPerPeer());
        metrics.gauge("kpm_gateway_pmi_open_connections", limits, ConnectionLimits::open);
        PmiConnection.Limits connectionLimits = new PmiConnection.Limits(config.pmi().identifyTimeout(),
                config.pmi().maxSpawnBytes().asLongValue());
        server = vertx.createNetServer()
                .connectHandler(socket -> {
                    metrics.counter("kpm_gateway_pmi_connections").increment();
                    String peer = socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
                    String refused = limits.open(peer);
                    if (refused != null) {
                        metrics.counter("kpm_gateway_pmi_refused_connections").increment();
                        LOG.warnf("PMI connection from %s refused: %s", peer, refused);
                        socket.write(Pmi1Encoder.error(null, refused)).onComplete(done -> socket.close());
                        return;
                    }
                    new PmiConnection(socket, peer, dispatcher, audit, metrics, vertx, connectionLimits,
                            () -> limits.closed(peer)).start();
                });
        boundPort = server.listen(config.pmi().port(), config.pmi().host())
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)
                .actualPort();
        LOG.infof("PMI server listening on %s:%d (PMI-1 and PMI-2)", config.pmi().host(), boundPort);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (server != null) server.close();
    }

    /** The bound port, 0 until bound. */
    public int boundPort() {
        return boundPort;
    }

    /** What ranks put into PMI_PORT: the advertised host and the port actually bound. */
    public String advertisedEndpoint() {
        int port = boundPort > 0 ? boundPort : config.pmi().port();
        return config.pmi().advertisedHost() + ":" + port;
    }
}
