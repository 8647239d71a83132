package io.kpm.gateway.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/spawn}, shaped like PMIx_Spawn. Info values and maxprocs are read as JSON so
 * that a wrong value can be named in the answer instead of failing the whole body. {@code requestId} (optional,
 * the client's own) makes the request idempotent: sent again with the same id, it is the same job.
 */
public record SpawnBody(String requestId, Map<String, JsonNode> jobInfo, List<App> apps) {

    public record App(
            String cmd,
            List<String> argv,
            Map<String, String> env,
            String cwd,
            JsonNode maxprocs,
            Map<String, JsonNode> info) {
    }
}
