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

        /** Publish every PMI request/response pair to kpm.pmi.audit. */
        @WithDefault("true")
        boolean audit();
    }
}
