package io.kpm.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kpm.schemas.events.KpmEvent;
import io.kpm.schemas.serde.EventJson;

/**
 * An event as REST clients see it: its kpm JSON without the ranks' PMI_IDs. A PMI_ID is the credential a rank
 * presents to the PMI server; whoever reads a job's events must not be able to join the job with it. The topics
 * themselves keep it (the agents and the gateway need it), so Kafka access stays the stack's root of trust.
 */
final class ClientEventJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClientEventJson() {
    }

    static String of(KpmEvent event) {
        String json = EventJson.toJson(event);
        if (!json.contains("\"pmiId\"")) return json;
        try {
            JsonNode tree = JSON.readTree(json);
            strip(tree);
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot re-read an event's own JSON", e);
        }
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) object.remove("pmiId");
        node.forEach(ClientEventJson::strip);
    }
}
