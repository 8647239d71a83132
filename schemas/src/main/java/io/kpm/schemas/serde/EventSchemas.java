package io.kpm.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Validates the JSON of an event against its schema file {@code schemas/<type>.schema.json} (JSON Schema
 * draft 2020-12). Used by tests and by anyone who wants to check what is on a topic.
 */
public final class EventSchemas {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** @return the problems found, empty when the JSON is a valid event of the type it names */
    public static List<String> validate(String json) {
        JsonNode node;
        try {
            node = EventJson.mapper().readTree(json);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) return List.of("no \"type\" property");
        JsonSchema schema = schemaOf(type.asText());
        if (schema == null) return List.of("no schema file for event type " + type.asText());
        Set<ValidationMessage> messages = schema.validate(node);
        return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    public static JsonSchema schemaOf(String type) {
        return CACHE.computeIfAbsent(type, t -> {
            InputStream in = EventSchemas.class.getResourceAsStream("/schemas/" + t + ".schema.json");
            if (in == null) return null;
            try (in) {
                return FACTORY.getSchema(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read schema of " + t, e);
            }
        });
    }
}
