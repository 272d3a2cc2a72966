package io.distill.server.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import io.distill.server.problems.NonFiniteNumberException;
import java.io.IOException;

/**
 * Refuses NaN and ±Infinity in every floating-point field of a request body, however they were
 * written: as a string ({@code "NaN"}, {@code "Infinity"}, which Jackson reads as those values even
 * with coercion off) or as a number too large for a double ({@code 1e400}, which parses to Infinity).
 * Jackson adds the field's JSON path as the refusal unwinds, so it is named like any binding error.
 */
final class FiniteNumbers extends BeanDeserializerModifier {

    /** How much of the value as written a refusal quotes. */
    private static final int SHOWN = 40;

    @Override
    public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription bean,
            JsonDeserializer<?> deserializer) {
        Class<?> type = deserializer.handledType();
        boolean floating = type == Double.class || type == double.class || type == Float.class || type == float.class;
        return floating ? new Finite(deserializer) : deserializer;
    }

    /** A floating-point deserializer that refuses what is not finite; null and absence are its delegate's affair. */
    private static final class Finite extends DelegatingDeserializer {

        Finite(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new Finite(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext context) throws IOException {
            String written = written(p);
            Object value = super.deserialize(p, context);
            boolean finite = value instanceof Double d ? Double.isFinite(d)
                    : !(value instanceof Float f) || Float.isFinite(f);
            if (!finite) {
                throw new NonFiniteNumberException(p, written, value, handledType());
            }
            return value;
        }

        private static String written(JsonParser p) throws IOException {
            String text = p.getText();
            if (text == null) {
                return "";
            }
            String shown = text.length() > SHOWN ? text.substring(0, SHOWN) + "..." : text;
            return p.currentToken() == JsonToken.VALUE_STRING ? "\"" + shown + "\"" : shown;
        }
    }
}
