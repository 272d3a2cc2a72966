package io.distill.softtarget.jobs;

import ai.onnxruntime.OrtException;
import io.distill.contract.datasets.ElementType;
import io.distill.contract.events.ModelFormat;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.data.ExampleSet;
import io.distill.core.data.FeatureScaling;
import io.distill.core.eval.Inference;
import io.distill.core.onnx.OnnxInference;
import io.distill.server.runtime.EngineRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One teacher of a stream, whatever its format: a net trained here, run by DJL on the examples as loaded, or a
 * model trained elsewhere, run by ONNX Runtime on the examples' raw values laid out as its import said.
 */
interface TeacherNet extends AutoCloseable {

    /** The teacher's logits over {@code chunk}, example by example. */
    float[] logits(ExampleSet chunk, int batchSize) throws OrtException;

    @Override
    void close();

    /** Opens the verified artifact in {@code dir}; {@code scaling} turns a float set's examples back to raw ones. */
    static TeacherNet open(Path dir, EngineRuntime runtime, Optional<FeatureScaling> scaling) throws IOException {
        ModelMetadata metadata = ModelArtifact.verify(dir);
        if (metadata.format() == ModelFormat.DJL) {
            ModelArtifact.Loaded loaded = ModelArtifact.load(dir, runtime.engine(), runtime.device());
            return new TeacherNet() {
                @Override
                public float[] logits(ExampleSet chunk, int batchSize) {
                    return Inference.logits(loaded.model().getBlock(), loaded.model().getNDManager(), chunk, batchSize);
                }

                @Override
                public void close() {
                    loaded.close();
                }
            };
        }
        if (runtime.device().isGpu()) {
            Logger.getLogger(TeacherNet.class).infof("Imported teacher %s runs on the CPU: ONNX Runtime's CPU build"
                    + " is the one in this image", metadata.modelId());
        }
        OnnxInference onnx;
        try {
            onnx = new OnnxInference(Files.readAllBytes(dir.resolve(ModelArtifact.file(metadata))), metadata.input());
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime cannot load teacher " + metadata.modelId() + ": " + e.getMessage(), e);
        }
        return new TeacherNet() {
            @Override
            public float[] logits(ExampleSet chunk, int batchSize) throws OrtException {
                return onnx.logits(chunk.type() == ElementType.UINT8 ? chunk : scaling.orElseThrow().raw(chunk),
                        batchSize);
            }

            @Override
            public void close() {
                try {
                    onnx.close();
                } catch (OrtException e) {
                    // Closing after the stream: nothing is lost, the next open starts afresh.
                }
            }
        };
    }
}
