package io.kpm.schemas.serde;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.kpm.schemas.events.KpmEvent;

/** The one JSON form of kpm's events: ISO-8601 times, unknown properties tolerated (newer producers). */
public final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] toBytes(KpmEvent event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + event.typeName() + " as JSON", e);
        }
    }

    public static String toJson(KpmEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + event.typeName() + " as JSON", e);
        }
    }

    /** @throws IllegalArgumentException naming what is wrong when the bytes are not a kpm event */
    public static KpmEvent fromBytes(byte[] json) {
        try {
            return MAPPER.readValue(json, KpmEvent.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a kpm event: " + e.getMessage(), e);
        }
    }

    public static KpmEvent fromJson(String json) {
        try {
            return MAPPER.readValue(json, KpmEvent.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a kpm event: " + e.getMessage(), e);
        }
    }
}
