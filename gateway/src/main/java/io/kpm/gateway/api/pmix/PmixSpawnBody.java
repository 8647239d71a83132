package io.kpm.gateway.api.pmix;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v2/spawn}: PMIx_Spawn's arguments as PMIx defines them (docs/pmix-spawn.md).
 * {@code jobInfo} holds job-level directives, each app's {@code info} its own; values stay JSON so that a wrong
 * one is named in the answer. {@code argv} includes argv[0]; {@code env} is an object or PMIx's
 * {@code ["NAME=value", ...]}; {@code minprocs} makes {@code maxprocs} a maximum.
 */
public record PmixSpawnBody(String requestId, Map<String, JsonNode> jobInfo, List<App> apps) {

    public record App(
            String cmd,
            List<String> argv,
            JsonNode env,
            String cwd,
            JsonNode maxprocs,
            JsonNode minprocs,
            Map<String, JsonNode> info) {
    }
}
