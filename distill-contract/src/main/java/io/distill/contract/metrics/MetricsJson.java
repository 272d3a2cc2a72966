package io.distill.contract.metrics;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/** How {@link RunMetrics} are read from JSON, and how "no metrics yet" is written. */
public final class MetricsJson {

    private MetricsJson() {}

    /**
     * The record a metrics object is: the one its {@code kind} names or, for an object written before
     * {@code kind} existed, the only kind that has one of its fields (teacher metrics have none of their
     * own that every teacher writes, so they are what is left).
     */
    public static Class<? extends RunMetrics> typeOf(JsonNode metrics) {
        JsonNode kind = metrics.get("kind");
        if (kind != null) {
            return switch (kind.asText()) {
                case TeacherMetrics.KIND -> TeacherMetrics.class;
                case StudentMetrics.KIND -> StudentMetrics.class;
                case EnsembleMetrics.KIND -> EnsembleMetrics.class;
                case SpecialistMetrics.KIND -> SpecialistMetrics.class;
                case ControlMetrics.KIND -> ControlMetrics.class;
                case TransferSetMetrics.KIND -> TransferSetMetrics.class;
                default -> throw new IllegalArgumentException("Metrics of kind " + kind + " are unknown, expected "
                        + "teacher, student, ensemble, specialist, control or transfer-set.");
            };
        }
        if (metrics.has("specialist")) {
            return SpecialistMetrics.class;
        }
        if (metrics.has("ensembleTestErrors") || metrics.has("generalistTestErrors")) {
            return EnsembleMetrics.class;
        }
        if (metrics.has("published") || metrics.has("count")) {
            return TransferSetMetrics.class;
        }
        if (metrics.has("trainExamples") || metrics.has("malformedEvents") || metrics.has("biasAdjustment")) {
            return StudentMetrics.class;
        }
        return TeacherMetrics.class;
    }

    /**
     * Reads a {@link RunMetrics} (or a {@link ModelMetrics}) as the record {@link #typeOf} picks; an
     * empty object is null: a job with no metrics yet.
     */
    public static final class Reader extends StdDeserializer<RunMetrics> implements ContextualDeserializer {

        private final Class<?> expected;

        public Reader() {
            this(RunMetrics.class);
        }

        private Reader(Class<?> expected) {
            super(RunMetrics.class);
            this.expected = expected;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            JavaType type = ctxt.getContextualType();
            return type == null || type.getRawClass() == expected ? this : new Reader(type.getRawClass());
        }

        @Override
        public RunMetrics deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = ctxt.readTree(p);
            if (!tree.isObject()) {
                return (RunMetrics) ctxt.handleUnexpectedToken(expected, p);
            }
            if (tree.isEmpty()) {
                return null;
            }
            Class<? extends RunMetrics> type;
            try {
                type = typeOf(tree);
            } catch (IllegalArgumentException e) {
                return ctxt.reportInputMismatch(this, e.getMessage());
            }
            if (!expected.isAssignableFrom(type)) {
                return ctxt.reportInputMismatch(this, "Metrics of kind %s are not %s.",
                        type.getSimpleName(), expected.getSimpleName());
            }
            if (type == EnsembleMetrics.class && !tree.has("testErrors") && tree.has("ensembleTestErrors")) {
                // Written before the ensemble's errors were also given under the name every model uses.
                ((ObjectNode) tree).set("testErrors", tree.get("ensembleTestErrors"));
            }
            return ctxt.readTreeAsValue(tree, type);
        }
    }

    /** Writes a missing metrics object as {@code {}}, as clients have always seen a job without metrics. */
    public static final class NoneAsEmptyObject extends StdSerializer<Object> {

        public NoneAsEmptyObject() {
            super(Object.class);
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            gen.writeEndObject();
        }
    }
}
