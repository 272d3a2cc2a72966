package io.distill.contract.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.distill.contract.json.Json;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/** Writes any event record as JSON, with the shared {@link Json} mapping. */
public class JsonSerializer<T> implements Serializer<T> {

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return Json.mapper().writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new SerializationException("Cannot write a " + data.getClass().getSimpleName() + " to topic "
                    + topic + " as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
