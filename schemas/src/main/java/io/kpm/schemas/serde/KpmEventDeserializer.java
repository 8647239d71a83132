package io.kpm.schemas.serde;

import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kpm.schemas.events.KpmEvent;

/**
 * Kafka value deserializer for every kpm topic. A record that is not a kpm event (written by something else,
 * or by an incompatible version) is logged with its topic and skipped as null: one bad record must not stop
 * a service from reading everything after it.
 */
public class KpmEventDeserializer implements Deserializer<KpmEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(KpmEventDeserializer.class);

    @Override
    public KpmEvent deserialize(String topic, byte[] data) {
        if (data == null) return null;
        try {
            return EventJson.fromBytes(data);
        } catch (IllegalArgumentException e) {
            LOG.warn("skipping a record on {} that is not a kpm event: {}", topic, e.getMessage());
            return null;
        }
    }
}
