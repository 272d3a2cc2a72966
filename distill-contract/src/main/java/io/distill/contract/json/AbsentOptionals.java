package io.distill.contract.json;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.ReferenceType;

/**
 * Keeps an {@code Optional} field that a record's JSON leaves out {@code null}, as a request's absent field
 * is ("the default"), where Jackson 2 would make it {@code Optional.empty()} ("none"), as it makes an
 * explicit {@code null}. Requests travel inside events (a plan's students in a transfer set's manifest),
 * and a default must not turn into "none" on the way: {@code "clipGradient"} absent is the mode's default
 * clip, {@code "clipGradient": null} is no clipping.
 */
final class AbsentOptionals extends BeanDeserializerModifier {

    private AbsentOptionals() {}

    static SimpleModule module() {
        return new SimpleModule("distill-absent-optionals").setDeserializerModifier(new AbsentOptionals());
    }

    @Override
    public JsonDeserializer<?> modifyReferenceDeserializer(DeserializationConfig config, ReferenceType type,
            BeanDescription bean, JsonDeserializer<?> deserializer) {
        return new AbsentIsNull(deserializer);
    }

    private static final class AbsentIsNull extends DelegatingDeserializer {

        AbsentIsNull(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new AbsentIsNull(delegate);
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return null;
        }
    }
}
