package io.distill.contract.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON mapping every event, artifact and job record uses.
 *
 * <p>Events are read leniently, so an older consumer tolerates fields a newer producer adds.
 * Configurations are read with {@link #strict}, which rejects unknown keys. An {@code Optional} field
 * that the JSON leaves out reads as {@code null}, the request's "default", and one that is {@code null}
 * as {@code Optional.empty()}, "none" ({@link AbsentOptionals}); requests write a {@code null} one out
 * of their JSON, so the difference survives the trip.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module())
            .registerModule(AbsentOptionals.module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A reader for {@code type} that refuses unknown keys, for hyperparameters and requests. */
    public static ObjectReader strict(Class<?> type) {
        return MAPPER.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
