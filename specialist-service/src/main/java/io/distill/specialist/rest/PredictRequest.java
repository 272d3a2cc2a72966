package io.distill.specialist.rest;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.datasets.ElementType;
import io.distill.contract.events.SoftTarget;
import io.distill.contract.jobs.FieldException;
import io.distill.core.data.ExampleSet;
import io.distill.core.data.FeatureScaling;
import io.distill.server.datasets.DataSets;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /ensembles/{id}/predict}: {@code examples} (formerly {@code images}) in the form of the data
 * set the ensemble was trained on. An example of a uint8 set (images) is a base64 string of its bytes (as in
 * {@code SoftTarget.features}) or an array of whole numbers 0-255; one of a float32 set is an array of
 * finite numbers, raw, which are scaled as the set's training features were.
 */
@Schema(description = "Examples to classify with a finished ensemble, in the form of its data set.")
public record PredictRequest(
        @NotNull @Size(min = 1, max = MAX_EXAMPLES)
        @JsonAlias("images")
        @Schema(description = "Examples of the ensemble's data set, each in its row-major order (an image as"
                + " channels x height x width): for a set of images (uint8) a base64 string of its bytes or an"
                + " array of numbers 0-255; for a set of float32 features an array of the raw feature values."
                + " `images` is accepted as the field's former name.")
        List<@NotNull Example> examples) {

    public static final int MAX_EXAMPLES = 1_000;

    /** One example as sent: base64 text, or an array of values. */
    @Schema(oneOf = {String.class, double[].class},
            description = "base64 of an image's bytes, or an array of its values")
    public record Example(JsonNode value) {

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public Example {
        }
    }

    /**
     * The examples as a set of {@code data}'s shape and classes, float32 ones scaled by {@code scaling}; a bad
     * one is refused naming {@code examples[i]}.
     */
    public ExampleSet exampleSet(DataSets.Resolved data, Optional<FeatureScaling> scaling) {
        int features = data.shape().features();
        int n = examples.size();
        int[] labels = new int[n];
        int[] ids = ExampleSet.sequentialIds(n);
        if (data.type() == ElementType.UINT8) {
            byte[] bytes = new byte[n * features];
            for (int i = 0; i < n; i++) {
                System.arraycopy(bytes(examples.get(i).value(), field(i), data), 0, bytes, i * features, features);
            }
            return ExampleSet.uint8("predict", data.shape(), data.classes(), bytes, labels, ids);
        }
        float[] floats = new float[n * features];
        for (int i = 0; i < n; i++) {
            System.arraycopy(floats(examples.get(i).value(), field(i), data), 0, floats, i * features, features);
        }
        FeatureScaling scaler = scaling.orElseThrow(() -> new IllegalStateException(
                "Data set " + data.key() + " holds float32 features but has no scaling."));
        return ExampleSet.float32("predict", data.shape(), data.classes(), scaler.apply(floats), labels, ids);
    }

    private static String field(int i) {
        return "examples[" + i + "]";
    }

    private static byte[] bytes(JsonNode node, String field, DataSets.Resolved data) {
        int features = data.shape().features();
        if (node.isTextual()) {
            byte[] bytes;
            try {
                bytes = SoftTarget.decode(node.asText());
            } catch (IllegalArgumentException e) {
                throw new FieldException(field, "is not base64");
            }
            if (bytes.length != features) {
                throw new FieldException(field, "has " + bytes.length + " bytes, expected " + features + " ("
                        + data.shape().label() + " of " + data.key() + ")");
            }
            return bytes;
        }
        requireArray(node, field, data);
        byte[] bytes = new byte[features];
        for (int k = 0; k < features; k++) {
            JsonNode v = node.get(k);
            if (!v.isIntegralNumber() || v.intValue() < 0 || v.intValue() > 255) {
                throw new FieldException(field, "value " + k + " is " + v + ", expected a whole number 0-255");
            }
            bytes[k] = (byte) v.intValue();
        }
        return bytes;
    }

    private static float[] floats(JsonNode node, String field, DataSets.Resolved data) {
        requireArray(node, field, data);
        float[] values = new float[data.shape().features()];
        for (int k = 0; k < values.length; k++) {
            JsonNode v = node.get(k);
            float value = v.isNumber() ? v.floatValue() : Float.NaN;
            if (!Float.isFinite(value)) {
                throw new FieldException(field, "value " + k + " is " + v + ", expected a finite number");
            }
            values[k] = value;
        }
        return values;
    }

    private static void requireArray(JsonNode node, String field, DataSets.Resolved data) {
        int features = data.shape().features();
        if (!node.isArray() || node.size() != features) {
            String form = data.type() == ElementType.UINT8 ? "is neither base64 text nor an array" : "is not an array";
            throw new FieldException(field, form + " of " + features + " values ("
                    + data.shape().label() + " of " + data.key() + ")"
                    + (node.isArray() ? "; it has " + node.size() : ""));
        }
    }
}
