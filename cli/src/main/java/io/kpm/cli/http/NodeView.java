package io.kpm.cli.http;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/** A node as {@code GET /api/v1/nodes} shows it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeView(String nodeId, String hostname, Integer cores, String state, JsonNode lastSeen,
                       Integer runningProcs, Map<String, String> labels) {

    public boolean up() {
        return "UP".equals(state);
    }

    /** Its agent is there (a draining node is too: it only takes no new ranks). */
    public boolean alive() {
        return up() || "DRAINING".equals(state);
    }
}
