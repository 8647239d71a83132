package io.kpm.gateway.pmi.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;

import io.kpm.gateway.pmi.audit.PmiAudit;
import io.kpm.gateway.pmi.command.PmiRequest;
import io.kpm.gateway.pmi.command.PmiResponse;
import io.kpm.gateway.pmi.handlers.PmiDispatcher;
import io.kpm.gateway.pmi.handlers.PmiSession;
import io.kpm.gateway.pmi.wire1.Pmi1Decoder;
import io.kpm.gateway.pmi.wire1.Pmi1Encoder;
import io.kpm.gateway.pmi.wire1.Pmi1SpawnBlocks;
import io.kpm.gateway.pmi.wire2.Pmi2Decoder;
import io.kpm.gateway.pmi.wire2.Pmi2Encoder;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * One PMI connection: frames from {@link PmiFrameDecoder} (which also tells a PMI-2 connection by its first line)
 * become requests, PMI-1 spawn blocks are assembled, and requests are answered strictly in order (a request waits
 * for the previous answer, as the clients themselves do), each answer audited. Input that cannot be framed (an
 * over-long line, a bad length field) is answered with an error and the connection closed.
 */
final class PmiConnection {

    private static final Logger LOG = Logger.getLogger(PmiConnection.class);

    /** A spawn of more blocks/lines than this is not a real client. */
    static final int MAX_SPAWN_LINES = 8192;
    static final String PMI2_INIT_ANSWER = "cmd=response_to_init pmi_version=2 pmi_subversion=0 rc=0\n";

    private enum Mode { FIRST_LINE, PMI1, PMI2, CLOSED }

    private final NetSocket socket;
    private final PmiDispatcher dispatcher;
    private final PmiAudit audit;
    private final MeterRegistry metrics;
    private volatile Mode mode = Mode.FIRST_LINE;
    private PmiSession session;
    private final PmiFrameDecoder frames = new PmiFrameDecoder();
    private List<String> spawnBlock;
    private Pmi1SpawnBlocks spawnBlocks;
    private final StringBuilder spawnText = new StringBuilder();
    private int spawnLines;
    private CompletionStage<Void> tail = CompletableFuture.completedFuture(null);
    /** After an abort nothing is answered: what follows is the rest of its message (MPICH sends multi-line ones). */
    private boolean aborted;
    private int linesAfterAbort;

    /**
     * What one connection may take: {@code identifyTimeout} to identify itself (a silent or anonymous connection
     * holds a socket and a buffer for nothing), {@code maxSpawnBytes} for one PMI-1 spawn.
     */
    record Limits(Duration identifyTimeout, long maxSpawnBytes) {
    }

    private final String peer;
    private final Vertx vertx;
    private final Limits limits;
    private final Runnable onClose;

    PmiConnection(NetSocket socket, String peer, PmiDispatcher dispatcher, PmiAudit audit, MeterRegistry metrics,
            Vertx vertx, Limits limits, Runnable onClose) {
        this.socket = socket;
        this.peer = peer;
        this.dispatcher = dispatcher;
        this.audit = audit;
        this.metrics = metrics;
        this.vertx = vertx;
        this.limits = limits;
        this.onClose = onClose;
    }

    void start() {
        socket.handler(this::onData);
        socket.closeHandler(v -> {
            mode = Mode.CLOSED;
            PmiSession s = session;
            if (s != null) s.closed();
            onClose.run();
        });
        long timer = vertx.setTimer(Math.max(1, limits.identifyTimeout().toMillis()), id -> {
            PmiSession s = session;
            if (mode != Mode.CLOSED && (s == null || !s.identified())) {
                metrics.counter("kpm_gateway_pmi_identify_timeouts").increment();
                String why = "not identified within " + limits.identifyTimeout().toSeconds() + " s";
                closeWith(mode == Mode.PMI2
                        ? Pmi2Encoder.frame(Pmi2Encoder.encode(new PmiResponse.Refused(why), null, null))
                        : Pmi1Encoder.error(null, why).getBytes(StandardCharsets.UTF_8));
            }
        });
        socket.endHandler(v -> vertx.cancelTimer(timer));
        socket.exceptionHandler(e -> LOG.debugf("PMI connection %s: %s", socket.remoteAddress(), e.getMessage()));
    }

    private void onData(Buffer data) {
        if (mode == Mode.CLOSED) return;
        for (PmiFrameDecoder.Frame frame : frames.feed(data)) {
            if (mode == Mode.CLOSED) return;
            if (frame instanceof PmiFrameDecoder.Frame.Line line) {
                onLine(line.text());
            } else if (frame instanceof PmiFrameDecoder.Frame.Pmi2Init init) {
                onPmi2Init(init.text());
            } else if (frame instanceof PmiFrameDecoder.Frame.Message message) {
                onPmi2(message.body());
            } else if (frame instanceof PmiFrameDecoder.Frame.Unframable bad) {
                closeWith(bad.pmi2()
                        ? Pmi2Encoder.frame(Pmi2Encoder.encode(new PmiResponse.Refused(bad.why()), null, null))
                        : Pmi1Encoder.error(null, bad.why()).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** The first line asked for PMI-2: answered in PMI-1 form; the decoder cuts PMI-2 messages from here on. */
    private void onPmi2Init(String line) {
        session = new PmiSession(PmiSession.Protocol.PMI2, peer);
        mode = Mode.PMI2;
        Instant now = Instant.now();
        socket.write(Buffer.buffer(PMI2_INIT_ANSWER));
        audit.record(-1, -1, session.protocol().wireName, line, PMI2_INIT_ANSWER, now, Instant.now());
    }

    private void onLine(String line) {
        if (aborted) {
            if (linesAfterAbort++ == 0) LOG.debugf("PMI connection %s: lines after its abort are not answered", socket.remoteAddress());
            return;
        }
        if (mode == Mode.FIRST_LINE) {
            session = new PmiSession(PmiSession.Protocol.PMI1, peer);
            mode = Mode.PMI1;
        }
        if (spawnBlock != null) {
            if (++spawnLines > MAX_SPAWN_LINES) {
                closeWith(Pmi1Encoder.error("spawn", "spawn longer than " + MAX_SPAWN_LINES + " lines")
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            spawnText.append(line).append('\n');
            if (spawnText.length() > limits.maxSpawnBytes()) {
                closeWith(Pmi1Encoder.error("spawn", "spawn longer than " + limits.maxSpawnBytes() + " bytes")
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!line.equals(Pmi1Decoder.SPAWN_CLOSE)) {
                spawnBlock.add(line);
                return;
            }
            Optional<PmiRequest> spawn = spawnBlocks.add(spawnBlock);
            spawnBlock = null;
            if (spawn.isPresent()) {
                String text = spawnText.toString();
                spawnText.setLength(0);
                spawnBlocks = null;
                spawnLines = 0;
                submit(spawn.get(), "spawn", text, null);
            }
            return;
        }
        if (line.equals(Pmi1Decoder.SPAWN_OPEN)) {
            spawnBlock = new ArrayList<>();
            if (spawnBlocks == null) spawnBlocks = new Pmi1SpawnBlocks();
            spawnText.append(line).append('\n');
            return;
        }
        submit(Pmi1Decoder.decode(line), Pmi1Decoder.commandName(line), line, null);
    }

    private void onPmi2(String body) {
        if (aborted) return;
        Pmi2Decoder.Decoded decoded = Pmi2Decoder.decode(body);
        submit(decoded.request(), decoded.name(), body, decoded.thrid());
    }

    /** Handles the request after the previous one was answered, then writes and audits the answer. */
    private void submit(PmiRequest request, String name, String requestText, String thrid) {
        Instant received = Instant.now();
        if (request instanceof PmiRequest.Abort) aborted = true;
        metrics.counter("kpm_gateway_pmi_requests", "protocol", session.protocol().wireName,
                "outcome", request instanceof PmiRequest.Malformed || request instanceof PmiRequest.Unknown ? "bad" : "ok")
                .increment();
        tail = tail.thenCompose(v -> dispatcher.dispatch(session, request))
                .thenAccept(response -> answer(response, name, requestText, thrid, received))
                .exceptionally(e -> {
                    LOG.errorf(e, "PMI request %s failed", name);
                    return null;
                });
    }

    private void answer(PmiResponse response, String name, String requestText, String thrid, Instant received) {
        String text;
        byte[] bytes;
        if (session.protocol() == PmiSession.Protocol.PMI1) {
            text = Pmi1Encoder.encode(response, name);
            bytes = text.getBytes(StandardCharsets.UTF_8);
        } else {
            text = response instanceof PmiResponse.Silence ? "" : Pmi2Encoder.encode(response, name, thrid);
            bytes = text.isEmpty() ? new byte[0] : Pmi2Encoder.frame(text);
        }
        if (bytes.length > 0 && mode != Mode.CLOSED) {
            if (response instanceof PmiResponse.Refused) closeWith(bytes);
            else socket.write(Buffer.buffer(bytes));
        }
        audit.record(session.pgid(), session.rank(), session.protocol().wireName, PmiAudit.redact(requestText),
                text.isEmpty() ? null : text, received, Instant.now());
    }

    private void closeWith(byte[] answer) {
        metrics.counter("kpm_gateway_pmi_refused_connections").increment();
        mode = Mode.CLOSED;
        socket.write(Buffer.buffer(answer)).onComplete(written -> socket.close());
    }
}
