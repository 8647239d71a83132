package io.kpm.cli.http;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/** A job as {@code GET /api/v1/jobs/{pgid}} shows it. Times are kept as sent (ISO text or a number). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobView(
        Long pgid,
        String kvsname,
        String requestId,
        Long spawnerPgid,
        String state,
        Integer size,
        List<JsonNode> nodes,
        List<RankView> ranks,
        Integer exitCode,
        String reason,
        JsonNode acceptedAt,
        JsonNode endedAt) {

    public static final String FINISHED = "FINISHED";
    public static final String FAILED = "FAILED";
    public static final String ABORTED = "ABORTED";

    public JobView {
        nodes = nodes == null ? List.of() : nodes;
        ranks = ranks == null ? List.of() : ranks;
    }

    public boolean ended() {
        return FINISHED.equals(state) || FAILED.equals(state) || ABORTED.equals(state);
    }

    /** The node ids, whether the gateway sends them as names or as objects with a {@code nodeId}. */
    public List<String> nodeIds() {
        return nodes.stream().map(n -> n.isObject() && n.has("nodeId") ? n.get("nodeId").asText() : n.asText()).toList();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RankView(int rank, String nodeId, Integer appnum, Long pid, String state, Integer exitCode,
                           String message, String cpus) {
        public static final String LAUNCH_FAILED = "LAUNCH_FAILED";

        public RankView(int rank, String nodeId, Integer appnum, Long pid, String state, Integer exitCode,
                String message) {
            this(rank, nodeId, appnum, pid, state, exitCode, message, null);
        }
    }
}
