package io.distill.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.model.Classifier;
import io.distill.core.model.Engines;
import io.distill.core.model.Models;
import io.distill.core.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a max-norm bound binds, measured on a trained model's weights: for each dense layer, the norms
 * of its units' incoming weights, and how many units sit at the bound that the model's training set them
 * (read from its metadata). Each argument is a model directory, {@code model.params} and {@code metadata.json},
 * as a service's cache or a download of {@code /models/{id}/artifact} and {@code /models/{id}} holds it:
 *
 * <pre>deploy/local/java-main.sh io.distill.bench.WeightNorms MODEL_DIR...</pre>
 */
public final class WeightNorms {

    /** A unit is at its bound when its norm is within this fraction of it (the constraint scales to it exactly). */
    private static final double AT_BOUND = 0.999;

    private WeightNorms() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: WeightNorms MODEL_DIR...");
            System.exit(2);
        }
        Engines.configure(Path.of(DistillProbe.env("DJL_CACHE_DIR",
                System.getProperty("user.home") + "/.cache/distill/djl")));
        Engine engine = Engines.engine(Engines.DEFAULT_ENGINE);
        for (String arg : args) {
            try (ModelArtifact.Loaded loaded = ModelArtifact.load(Path.of(arg), engine, engine.defaultDevice())) {
                report(loaded.metadata(), Models.classifier(loaded.model()));
            }
        }
    }

    private static void report(ModelMetadata metadata, Classifier net) {
        Map<String, Float> bounds = metadata.hyperparameters() == null ? Map.of()
                : TrainingLoop.maxNormBounds(net, metadata.hyperparameters().optimisation());
        List<Parameter> layers = new ArrayList<>(net.maxNormWeights());
        layers.addAll(Classifier.weightsOf(List.of(net.outputLayer())));
        System.out.printf(Locale.ROOT, "%s (%s)%n", metadata.modelId(), metadata.kind());
        for (int i = 0; i < layers.size(); i++) {
            Parameter weight = layers.get(i);
            float[] norms;
            try (NDArray rows = weight.getArray().square().sum(new int[] {1}).sqrt()) {
                norms = rows.toFloatArray();
            }
            double sum = 0;
            double min = Double.MAX_VALUE;
            double max = 0;
            for (float n : norms) {
                sum += n;
                min = Math.min(min, n);
                max = Math.max(max, n);
            }
            String layer = i < layers.size() - 1 ? "hidden layer " + (i + 1) : "output layer";
            Float bound = bounds.get(weight.getId());
            String binding = "no bound";
            if (bound != null) {
                long at = 0;
                for (float n : norms) {
                    at += n >= bound * AT_BOUND ? 1 : 0;
                }
                binding = String.format(Locale.ROOT, "bound %.2f: %d units (%.1f %%) at it", bound, at,
                        100.0 * at / norms.length);
            }
            System.out.printf(Locale.ROOT, "  %s, %d units: incoming norms min %.3f, mean %.3f, max %.3f; %s%n", layer,
                    norms.length, min, sum / norms.length, max, binding);
        }
    }
}
