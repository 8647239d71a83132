package io.kpm.gateway.pmi;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kpm.gateway.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

/**
 * Holds the PMI port until the PMI server exists: answers the first line of every connection with a PMI
 * error, so that a rank started now fails fast and says why instead of hanging, then closes the connection.
 */
@ApplicationScoped
public class PmiPlaceholderServer {

    private static final Logger LOG = Logger.getLogger(PmiPlaceholderServer.class);
    static final String ANSWER = "cmd=error rc=-1 msg=pmi_not_served_yet\n";

    @Inject
    Vertx vertx;

    @Inject
    GatewayConfig config;

    private NetServer server;
    private volatile int boundPort;

    void onStart(@Observes StartupEvent event) throws Exception {
        server = vertx.createNetServer().connectHandler(this::serve);
        boundPort = server.listen(config.pmi().port(), config.pmi().host())
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)
                .actualPort();
        LOG.infof("PMI placeholder listening on %s:%d (the PMI server is not implemented yet)",
                config.pmi().host(), boundPort);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (server != null) server.close();
    }

    private void serve(NetSocket socket) {
        AtomicBoolean answered = new AtomicBoolean();
        socket.handler(RecordParser.newDelimited("\n", line -> {
            if (answered.compareAndSet(false, true)) {
                socket.write(Buffer.buffer(ANSWER)).onComplete(written -> socket.close());
            }
        }));
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
