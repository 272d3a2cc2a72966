package io.distill.specialist.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.core.data.ImageSet;
import io.distill.core.events.SoftTarget;
import io.distill.core.jobs.FieldException;
import io.distill.core.jobs.RequestFields;
import java.util.Set;

/**
 * {@code POST /ensembles/{id}/predict}: {@code images}, a list of 28x28 uint8 images, each either a
 * base64 string of 784 bytes (as in {@code SoftTarget.features}) or an array of 784 numbers 0-255.
 */
public record PredictRequest(ImageSet images) {

    public static final int MAX_IMAGES = 1_000;
    private static final int PIXELS = 784;

    public static PredictRequest parse(JsonNode body) {
        RequestFields.of(body, Set.of("images"));
        JsonNode images = body.get("images");
        if (images == null || !images.isArray() || images.isEmpty()) {
            throw new FieldException("images", "is required: a non-empty list of images");
        }
        if (images.size() > MAX_IMAGES) {
            throw new FieldException("images", "holds " + images.size() + " images, at most " + MAX_IMAGES);
        }
        byte[] pixels = new byte[images.size() * PIXELS];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(image(images.get(i), i), 0, pixels, i * PIXELS, PIXELS);
        }
        return new PredictRequest(ImageSet.of("predict", 28, 28, 10, pixels, new byte[images.size()]));
    }

    private static byte[] image(JsonNode node, int i) {
        if (node.isTextual()) {
            byte[] bytes;
            try {
                bytes = new SoftTarget(null, 0, 0, null, node.asText(), null).pixels();
            } catch (IllegalArgumentException e) {
                throw new FieldException("images", "image " + i + " is not base64");
            }
            if (bytes.length != PIXELS) {
                throw new FieldException("images", "image " + i + " has " + bytes.length + " bytes, expected 784");
            }
            return bytes;
        }
        if (node.isArray() && node.size() == PIXELS) {
            byte[] bytes = new byte[PIXELS];
            for (int k = 0; k < PIXELS; k++) {
                JsonNode v = node.get(k);
                if (!v.isIntegralNumber() || v.intValue() < 0 || v.intValue() > 255) {
                    throw new FieldException("images", "image " + i + " pixel " + k + " is " + v
                            + ", expected a whole number 0-255");
                }
                bytes[k] = (byte) v.intValue();
            }
            return bytes;
        }
        throw new FieldException("images", "image " + i + " is neither base64 text nor an array of 784 pixels");
    }
}
