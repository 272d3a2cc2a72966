package io.distill.server.artifacts;

import io.distill.contract.events.ModelFormat;
import io.distill.contract.events.ModelReady;
import io.distill.contract.jobs.Ids;
import io.distill.contract.json.Json;
import java.io.IOException;

/** Reads a {@link ModelReady} from {@code teacher-models} or {@code student-models} and checks it. */
public final class ModelAnnouncements {

    private ModelAnnouncements() {}

    /**
     * The announcement in {@code payload}; anything unusable throws {@link IllegalArgumentException},
     * which sends the record to the topic's dead-letter queue.
     */
    public static ModelReady parse(String payload) {
        ModelReady event;
        try {
            event = Json.mapper().readValue(payload, ModelReady.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a ModelReady event: " + e.getMessage(), e);
        }
        if (event == null || blank(event.modelId()) || blank(event.artifactUri()) || blank(event.sha256())) {
            throw new IllegalArgumentException("A ModelReady needs modelId, artifactUri and sha256: "
                    + payload);
        }
        // A net trained here is rebuilt from its architecture; an imported ONNX model is fed as its input says.
        boolean onnx = event.format() == ModelFormat.ONNX;
        if (onnx ? event.input() == null : event.architecture() == null) {
            throw new IllegalArgumentException("A ModelReady of format " + event.format().value() + " needs "
                    + (onnx ? "input" : "architecture") + ": " + payload);
        }
        if (!Ids.valid(event.modelId())) {
            throw new IllegalArgumentException("ModelReady modelId " + event.modelId() + " is not an id: it "
                    + Ids.MESSAGE + ".");
        }
        return event;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
