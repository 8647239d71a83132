package io.kpm.schemas.serde;

import org.apache.kafka.common.serialization.Serializer;

import io.kpm.schemas.events.KpmEvent;

/** Kafka value serializer for every kpm topic. */
public class KpmEventSerializer implements Serializer<KpmEvent> {

    @Override
    public byte[] serialize(String topic, KpmEvent event) {
        return event == null ? null : EventJson.toBytes(event);
    }
}
