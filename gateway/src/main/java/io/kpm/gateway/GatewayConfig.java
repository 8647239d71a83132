package io.kpm.gateway;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The gateway's settings, {@code kpm.gateway.*} (see docs/architecture.md "Configuration"). */
@ConfigMapping(prefix = "kpm.gateway")
public interface GatewayConfig {

    Pmi pmi();

    Auth auth();

    /** The largest REST request body; a larger one is answered 413 before it is read. */
    @WithDefault("1M")
    MemorySize maxBody();

    /** Replication of the kpm topics when this gateway is the one that creates them. */
    @WithDefault("1")
    short replicationFactor();

    /** A spawn the scheduler has not answered by then is answered 504. */
    @WithDefault("120s")
    Duration spawnTimeout();

    /** Output kept in memory per job for {@code GET /jobs/{pgid}/output}; beyond it a truncation marker. */
    @WithDefault("8M")
    MemorySize outputCap();

    /** An output or event stream of an ended job waits at most this long for missing EOFs / events. */
    @WithDefault("5s")
    Duration outputEndGrace();

    /** A node without a heartbeat for this long is shown LOST. */
    @WithDefault("10s")
    Duration nodeTimeout();

    /** PMI universe size; unset: the total cores of the nodes that are UP. */
    Optional<Integer> universeSize();

    /** Who may use the REST API: every request but {@code /q/health} carries {@code Authorization: Bearer <token>}. */
    interface Auth {
        /** false turns authentication off (only for a gateway reachable by nobody else). */
        @WithDefault("true")
        boolean enabled();

        /** The token itself; {@code token-file} is the usual way (kpm up writes one, mode 0600). */
        Optional<String> token();

        /** A file holding the token (surrounding whitespace ignored). */
        Optional<java.nio.file.Path> tokenFile();
    }

    interface Pmi {
        @WithDefault("127.0.0.1")
        String host();

        /** 0 picks a free port (tests). */
        @WithDefault("7703")
        int port();

        /** The host put into the ranks' {@code PMI_PORT}. */
        @WithDefault("127.0.0.1")
        String advertisedHost();

        /** How long a connection presenting a PMI_ID not yet known waits for its JobPlaced before refusal. */
        @WithDefault("10s")
        Duration identifyWait();

        /** A connection that has not identified itself (initack / fullinit) by then is closed. */
        @WithDefault("30s")
        Duration identifyTimeout();

        /** Unknown PMI ids a peer may present within {@code unknown-id-window} before it is refused. */
        @WithDefault("20")
        int maxUnknownIds();

        @WithDefault("10m")
        Duration unknownIdWindow();

        /** Open PMI connections in all; more are refused at once. */
        @WithDefault("8192")
        int maxConnections();

        /** Open PMI connections from one address (a node's ranks all come from its address). */
        @WithDefault("2048")
        int maxConnectionsPerPeer();

        /** The bytes of one PMI-1 spawn (all its mcmd=spawn blocks together). */
        @WithDefault("1M")
        MemorySize maxSpawnBytes();

        /** Publish every PMI request/response pair to kpm.pmi.audit. */
        @WithDefault("true")
        boolean audit();
    }
}
