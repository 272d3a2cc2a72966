package io.distill.specialist.rest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.events.SoftTarget;
import io.distill.contract.jobs.FieldException;
import io.distill.core.data.ExampleSet;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /ensembles/{id}/predict}: {@code images}, a list of 28x28 uint8 images, each either a
 * base64 string of 784 bytes (as in {@code SoftTarget.features}) or an array of 784 numbers 0-255.
 */
@Schema(description = "Images to classify with a finished ensemble.")
public record PredictRequest(
        @NotNull @Size(min = 1, max = MAX_IMAGES)
        @Schema(description = "28x28 uint8 images: each a base64 string of 784 bytes or an array of 784"
                + " numbers 0-255")
        List<@NotNull Image> images) {

    public static final int MAX_IMAGES = 1_000;
    private static final int PIXELS = 784;

    /** One image as sent: base64 text, or an array of pixels. */
    @Schema(oneOf = {String.class, int[].class}, description = "base64 of 784 bytes, or 784 pixels 0-255")
    public record Image(JsonNode value) {

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public Image {
        }
    }

    /** The images as a set, each checked; a bad one is refused naming {@code images[i]}. */
    public ExampleSet imageSet() {
        byte[] pixels = new byte[images.size() * PIXELS];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(pixels(images.get(i).value(), "images[" + i + "]"), 0, pixels, i * PIXELS, PIXELS);
        }
        return ExampleSet.uint8("predict", InputShape.MNIST, 10, pixels, new int[images.size()],
                ExampleSet.sequentialIds(images.size()));
    }

    private static byte[] pixels(JsonNode node, String field) {
        if (node.isTextual()) {
            byte[] bytes;
            try {
                bytes = SoftTarget.decode(node.asText());
            } catch (IllegalArgumentException e) {
                throw new FieldException(field, "is not base64");
            }
            if (bytes.length != PIXELS) {
                throw new FieldException(field, "has " + bytes.length + " bytes, expected 784");
            }
            return bytes;
        }
        if (node.isArray() && node.size() == PIXELS) {
            byte[] bytes = new byte[PIXELS];
            for (int k = 0; k < PIXELS; k++) {
                JsonNode v = node.get(k);
                if (!v.isIntegralNumber() || v.intValue() < 0 || v.intValue() > 255) {
                    throw new FieldException(field, "pixel " + k + " is " + v + ", expected a whole number 0-255");
                }
                bytes[k] = (byte) v.intValue();
            }
            return bytes;
        }
        throw new FieldException(field, "is neither base64 text nor an array of 784 pixels");
    }
}
