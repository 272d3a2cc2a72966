package io.distill.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.metrics.EvalResult;
import io.distill.contract.metrics.MetricsSamples;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.ArchitectureBuilder;
import io.distill.contract.requests.ArchitectureType;
import io.distill.contract.requests.ClassFilter;
import io.distill.contract.requests.ConvLayer;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.artifact.ModelMetadataBuilder;
import io.distill.core.data.BatchedDataset;
import io.distill.core.data.Datasets;
import io.distill.core.data.ExampleSet;
import io.distill.core.eval.Evaluation;
import io.distill.core.eval.Inference;
import io.distill.core.testing.TestData;
import io.distill.core.train.DistillationLoss;
import io.distill.core.train.TrainConfig;
import io.distill.core.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CNN trains, saves, loads and keeps its max-norm bound through the same code as the paper's MLP. */
class CnnTest {

    /** 1x28x28 -> 8 filters of 3x3, pooled to 14x14 -> 32 -> 10. */
    private static final Architecture SMALL = ArchitectureBuilder.builder().type(ArchitectureType.CNN)
            .input(InputShape.MNIST).conv(List.of(new ConvLayer(8, 3, 2))).hidden(List.of(32)).outputs(10)
            .batchNorm(true).build();

    @TempDir
    Path tmp;

    @Test
    void aSmallCnnWithBatchNormLearnsTwoThousandDigitsInTwoEpochsFarBeyondChance() throws IOException {
        Datasets.Splits mnist = TestData.mnist();
        TrainConfig config = TrainConfig.builder().epochs(2).batchSize(50).learningRate(0.05).momentum(0.9)
                .schedule(TrainConfig.CONSTANT).seed(5).build();
        Engine engine = TestData.engine();

        try (Model model = Models.create("cnn", SMALL, engine, engine.defaultDevice(), 5)) {
            TrainingLoop.fit(model, batches(mnist.train().limit(2_000), config), null, config,
                    DistillationLoss.hard(), 0, List.of());
            // Scored with dropout off and batch norm on its running statistics, as every service scores.
            EvalResult validation = Evaluation.evaluate(model.getBlock(), model.getNDManager(),
                    mnist.validation().limit(2_000), 1_000);

            // Chance is 90% error; it gets about 10% (10.2% with these seeds on MXNet-CPU).
            assertThat(validation.errorRate()).isLessThan(0.15);
        }
    }

    @Test
    void aTrainedCnnWithBatchNormLoadsBackFromItsArtifactGivingIdenticalLogits() throws IOException {
        Engine engine = TestData.engine();
        ExampleSet images = TestData.mnist().test().limit(50);
        TrainConfig config = TrainConfig.builder().epochs(1).batchSize(50).learningRate(0.05).momentum(0.9).build();
        float[] before;
        ModelMetadata saved;
        try (Model model = Models.create("cnn-saved", SMALL, engine, engine.defaultDevice(), 6)) {
            TrainingLoop.fit(model, batches(TestData.mnist().train().limit(500), config), null, config,
                    DistillationLoss.hard(), 0, List.of());
            assertThat(largestRunningMean(model)).as("batch norm's running means moved off their initial zeros")
                    .isGreaterThan(1e-3);
            assertThat(parameterValues(model)).isEqualTo(SMALL.parameterCount());
            before = Inference.logits(model.getBlock(), model.getNDManager(), images, 50);
            saved = ModelArtifact.save(tmp, model.getBlock(), metadata());
        }

        try (ModelArtifact.Loaded loaded = ModelArtifact.load(tmp, engine, engine.defaultDevice())) {
            float[] after = Inference.logits(loaded.model().getBlock(), loaded.model().getNDManager(), images, 50);

            assertThat(after).containsExactly(before);
            assertThat(loaded.metadata().architecture()).isEqualTo(SMALL);
            assertThat(loaded.metadata()).isEqualTo(saved);
            assertThat(loaded.model().getBlock()).isInstanceOf(Cnn.class);
        }
    }

    @Test
    void maxNormBoundsEveryDenseHiddenRowOfACnnAfterTraining() throws IOException {
        double bound = 0.5;
        Architecture net = SMALL.withBatchNorm(false).withHidden(List.of(32, 16));

        assertThat(largestDenseRowNorm(net, null)).as("the bound binds").isGreaterThan(bound * 1.5);
        assertThat(largestDenseRowNorm(net, bound)).isLessThanOrEqualTo(bound * (1 + 1e-4));
    }

    @Test
    void theMlpIsStillThePapersBlockAndEachKindRefusesTheOthersArchitecture() {
        Architecture mlp = Architecture.mlp(784, List.of(16), 10, 0.2, 0.5);
        Engine engine = TestData.engine();

        try (Model model = Models.create("mlp", mlp, engine, engine.defaultDevice(), 1)) {
            assertThat(model.getBlock()).isInstanceOf(Mlp.class);
            assertThat(Models.classifier(model).maxNormWeights()).hasSize(1);
            assertThat(model.getBlock().getChildren().values()).extracting(b -> b.getClass().getSimpleName())
                    .containsExactly("Dropout", "Linear", "LambdaBlock", "Dropout", "Linear");
            assertThat(parameterValues(model)).isEqualTo(mlp.parameterCount());
        }
        assertThatThrownBy(() -> new Mlp(SMALL)).hasMessageContaining("is a cnn, expected an mlp");
        assertThatThrownBy(() -> new Cnn(mlp)).hasMessageContaining("is a mlp, expected a cnn");
    }

    private static double largestDenseRowNorm(Architecture net, Double maxNorm) throws IOException {
        TrainConfig config = TrainConfig.builder().epochs(1).batchSize(50).learningRate(0.5).momentum(0.9)
                .schedule(TrainConfig.CONSTANT).maxNorm(maxNorm).maxNormEvery(1).build();
        Engine engine = TestData.engine();
        try (Model model = Models.create("cnn-maxnorm", net, engine, engine.defaultDevice(), 7)) {
            TrainingLoop.fit(model, batches(TestData.mnist().train().limit(500), config), null, config,
                    DistillationLoss.hard(), 0, List.of());
            List<Parameter> weights = Models.classifier(model).maxNormWeights();
            assertThat(weights).hasSize(2);
            double largest = 0;
            for (Parameter weight : weights) {
                try (NDArray norms = weight.getArray().square().sum(new int[] {1}).sqrt()) {
                    largest = Math.max(largest, norms.max().getFloat());
                }
            }
            return largest;
        }
    }

    private static BatchedDataset batches(ExampleSet train, TrainConfig config) {
        return BatchedDataset.builder(train).batchSize(config.batchSize()).shuffle(true).seed(config.seed()).build();
    }

    private static double largestRunningMean(Model model) {
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            if (p.getValue().getType() == Parameter.Type.RUNNING_MEAN) {
                double largest = 0;
                for (float v : p.getValue().getArray().toFloatArray()) {
                    largest = Math.max(largest, Math.abs(v));
                }
                return largest;
            }
        }
        throw new AssertionError("The block has no batch norm.");
    }

    private static long parameterValues(Model model) {
        long values = 0;
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            values += p.getValue().getArray().size();
        }
        return values;
    }

    private static ModelMetadata metadata() {
        return ModelMetadataBuilder.builder().modelId("cnn-saved").kind("teacher").architecture(SMALL)
                .dataset("mnist").filters(ClassFilter.ALL).metrics(MetricsSamples.teacher()).seed(6)
                .engine("MXNet").engineVersion("1.9.1").djlVersion("0.36.0")
                .createdAt(Instant.parse("2026-11-27T12:00:00Z")).build();
    }
}
