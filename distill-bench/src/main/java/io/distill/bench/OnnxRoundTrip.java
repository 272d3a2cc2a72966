package io.distill.bench;

import ai.djl.engine.Engine;
import ai.onnxruntime.OrtException;
import io.distill.contract.datasets.ElementType;
import io.distill.contract.requests.InputForm;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.data.Datasets;
import io.distill.core.data.ExampleSet;
import io.distill.core.eval.Inference;
import io.distill.core.model.Engines;
import io.distill.core.model.Models;
import io.distill.core.onnx.OnnxExport;
import io.distill.core.onnx.OnnxInference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A teacher trained here against its own ONNX export, as an imported teacher runs it: the logits MXNet
 * computes and the logits ONNX Runtime computes, example by example, on every split of a built-in set
 * (the training split is what a transfer set streams). Prints the largest and the mean absolute difference
 * and how many examples' top classes differ. {@code TEACHER_DIR} is the artifact's directory.
 */
public final class OnnxRoundTrip {

    private static final int BATCH = 1_000;

    private OnnxRoundTrip() {}

    public static void main(String[] args) throws IOException, OrtException {
        Path dataDir = Path.of(DistillProbe.env("DISTILL_DATA_DIR", System.getProperty("user.home") + "/.cache/distill"));
        Engines.configure(Path.of(DistillProbe.env("DJL_CACHE_DIR",
                System.getProperty("user.home") + "/.cache/distill/djl")));
        Path teacherDir = Path.of(DistillProbe.env("TEACHER_DIR", ""));
        ModelMetadata metadata = ModelArtifact.readMetadata(teacherDir);
        Datasets.Splits splits = Datasets.load(dataDir, metadata.dataset());
        Engine engine = Engines.engine(Engines.DEFAULT_ENGINE);
        try (ModelArtifact.Loaded loaded = ModelArtifact.load(teacherDir, engine, engine.defaultDevice())) {
            byte[] onnx = OnnxExport.export(Models.classifier(loaded.model()), ElementType.UINT8, Optional.empty(),
                    Map.of("distill.model_id", metadata.modelId()));
            System.out.printf(Locale.ROOT, "teacher %s (%s): %,d bytes of ONNX%n", metadata.modelId(),
                    metadata.dataset(), onnx.length);
            try (OnnxInference imported = new OnnxInference(onnx, InputForm.EXPORTED)) {
                for (ExampleSet split : List.of(splits.train(), splits.validation(), splits.test())) {
                    float[] djl = Inference.logits(loaded.model().getBlock(), loaded.model().getNDManager(), split,
                            BATCH);
                    compare(split, djl, imported.logits(split, BATCH));
                }
            }
        }
    }

    private static void compare(ExampleSet split, float[] djl, float[] onnx) {
        int classes = split.classes();
        double largest = 0;
        double sum = 0;
        int disagreements = 0;
        for (int i = 0; i < split.size(); i++) {
            int topDjl = 0;
            int topOnnx = 0;
            for (int c = 0; c < classes; c++) {
                int at = i * classes + c;
                double difference = Math.abs(djl[at] - onnx[at]);
                largest = Math.max(largest, difference);
                sum += difference;
                topDjl = djl[at] > djl[i * classes + topDjl] ? c : topDjl;
                topOnnx = onnx[at] > onnx[i * classes + topOnnx] ? c : topOnnx;
            }
            disagreements += topDjl == topOnnx ? 0 : 1;
        }
        System.out.printf(Locale.ROOT, "%s: %,d examples, largest logit difference %.3g, mean %.3g,"
                + " top class differs on %d%n", split.name(), split.size(), largest, sum / djl.length, disagreements);
    }
}
