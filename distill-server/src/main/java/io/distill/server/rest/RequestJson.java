package io.distill.server.rest;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.CollectionType;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.type.ReferenceType;
import com.fasterxml.jackson.databind.util.AccessPattern;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * How request bodies bind, strictly: unknown fields are refused, a number is never read from a string
 * or truncated from a fraction, a floating-point field refuses NaN and ±Infinity ({@link FiniteNumbers}),
 * and an explicit {@code null} is refused except in an {@code Optional} field, where it means "none"
 * ({@code "maxNorm": null}). An absent field stays {@code null}, for the service's default. Each
 * refusal names the JSON path of the bad value, which the error mappers report.
 */
@Singleton
public class RequestJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("distill-request-nulls").setDeserializerModifier(new NullPolicy()));
        mapper.registerModule(new SimpleModule("distill-finite-numbers").setDeserializerModifier(new FiniteNumbers()));
    }

    /** Wraps every deserializer so that null is refused, and every {@code Optional}'s so that null is "none". */
    private static final class NullPolicy extends BeanDeserializerModifier {

        @Override
        public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription bean,
                JsonDeserializer<?> deserializer) {
            return new ExplicitNull(deserializer, false);
        }

        @Override
        public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                BeanDescription bean, JsonDeserializer<?> deserializer) {
            return new ExplicitNull(deserializer, false);
        }

        @Override
        public JsonDeserializer<?> modifyCollectionDeserializer(DeserializationConfig config, CollectionType type,
                BeanDescription bean, JsonDeserializer<?> deserializer) {
            return new ExplicitNull(deserializer, false);
        }

        @Override
        public JsonDeserializer<?> modifyReferenceDeserializer(DeserializationConfig config, ReferenceType type,
                BeanDescription bean, JsonDeserializer<?> deserializer) {
            return new ExplicitNull(deserializer, true);
        }
    }

    /**
     * A deserializer with a policy for an explicit {@code null}: refused, or {@code Optional.empty()}
     * ("none"). An absent field is left null either way, for the service's default.
     */
    private static final class ExplicitNull extends DelegatingDeserializer {

        private final boolean none;

        ExplicitNull(JsonDeserializer<?> delegate, boolean none) {
            super(delegate);
            this.none = none;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new ExplicitNull(delegate, none);
        }

        @Override
        public Object getNullValue(DeserializationContext context) throws InvalidNullException {
            if (none) {
                return Optional.empty();
            }
            throw InvalidNullException.from(context, (PropertyName) null, (JavaType) null);
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return null;
        }

        @Override
        public AccessPattern getNullAccessPattern() {
            return AccessPattern.DYNAMIC;
        }
    }
}
