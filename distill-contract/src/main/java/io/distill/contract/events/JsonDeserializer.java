package io.distill.contract.events;

import io.distill.contract.json.Json;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads one event record type from JSON. Malformed bytes raise a {@link SerializationException}
 * naming the topic and type, which the consumer's failure strategy sends to the dead-letter topic.
 */
public class JsonDeserializer<T> implements Deserializer<T> {

    private final Class<T> type;

    public JsonDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(data, type);
        } catch (IOException e) {
            throw new SerializationException("A record on topic " + topic + " is not a valid "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@link ModelReady}. */
    public static final class ModelReadyDeserializer extends JsonDeserializer<ModelReady> {
        public ModelReadyDeserializer() {
            super(ModelReady.class);
        }
    }

    /** Reads {@link SoftTarget}. */
    public static final class SoftTargetDeserializer extends JsonDeserializer<SoftTarget> {
        public SoftTargetDeserializer() {
            super(SoftTarget.class);
        }
    }

    /** Reads {@link TransferSetManifest}. */
    public static final class TransferSetManifestDeserializer extends JsonDeserializer<TransferSetManifest> {
        public TransferSetManifestDeserializer() {
            super(TransferSetManifest.class);
        }
    }

    /** Reads {@link JobProgress}. */
    public static final class JobProgressDeserializer extends JsonDeserializer<JobProgress> {
        public JobProgressDeserializer() {
            super(JobProgress.class);
        }
    }
}
