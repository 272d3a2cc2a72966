package io.distill.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.distill.contract.requests.Architecture;
import io.distill.core.data.ExampleSet;
import io.distill.core.model.Classifier;
import io.distill.core.model.Models;
import io.distill.core.testing.TestData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaxNormTest {

    private static final Architecture NET = Architecture.plain(784, List.of(64, 32), 10);

    @Test
    void everyHiddenUnitsIncomingWeightsStayWithinTheBoundAfterManySteps() throws IOException {
        double bound = 0.6;

        double unconstrained = largestHiddenRowNorm(null, 1);
        double constrained = largestHiddenRowNorm(bound, 1);

        // Without the bound the rows grow past it, so the bound really binds...
        assertThat(unconstrained).isGreaterThan(bound * 1.5);
        // ...and with it, after every one of those steps, no row is longer than the bound.
        assertThat(constrained).isLessThanOrEqualTo(bound * (1 + 1e-4));
    }

    @Test
    void withAnIntervalTheBoundHoldsAfterEachApplication() throws IOException {
        // 3,000 examples at batch 50 is 60 steps an epoch, 120 in all: the last step applies the bound.
        assertThat(largestHiddenRowNorm(0.6, 3)).isLessThanOrEqualTo(0.6 * (1 + 1e-4));
    }

    @Test
    void perLayerBoundsBindEachLayerAtItsOwnBoundTheOutputLayersToo() throws IOException {
        List<Double> bounds = List.of(0.8, 0.5, 0.7);

        List<Double> free = largestRowNormsPerLayer(null);
        List<Double> bound = largestRowNormsPerLayer(bounds);

        for (int layer = 0; layer < 3; layer++) {
            // Free, each layer's rows grow past its bound; bound, its longest row sits on it: it binds.
            assertThat(free.get(layer)).as("layer %d free", layer).isGreaterThan(bounds.get(layer) * 1.2);
            assertThat(bound.get(layer)).as("layer %d bound", layer).isLessThanOrEqualTo(bounds.get(layer) * (1 + 1e-4))
                    .isGreaterThan(bounds.get(layer) * 0.99);
        }
    }

    @Test
    void perLayerBoundsMustMatchTheHiddenLayers() {
        TrainConfig config = TrainConfig.builder().epochs(1).maxNorms(List.of(1.0)).build();
        Engine engine = TestData.engine();
        try (Model model = Models.create("maxnorm-count", NET, engine, engine.defaultDevice(), 3)) {
            assertThatThrownBy(
                    () -> TrainingLoop.maxNormBounds(Models.classifier(model), config))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxNorms has 1 bounds, expected 2");
        }
    }

    /** The longest row of each weight layer, hidden layers then the output layer, after 2 epochs. */
    private static List<Double> largestRowNormsPerLayer(List<Double> maxNorms) throws IOException {
        return largestRowNorms(TrainConfig.builder().maxNorm(null).maxNorms(maxNorms));
    }

    /** The longest row of any hidden layer after 2 epochs, bounded by {@code maxNorm} every {@code every} steps. */
    private static double largestHiddenRowNorm(Double maxNorm, int every) throws IOException {
        List<Double> layers = largestRowNorms(TrainConfig.builder().maxNorm(maxNorm).maxNormEvery(every));
        return layers.subList(0, layers.size() - 1).stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /** The longest row of each weight layer, hidden then output, after 2 epochs of {@code bounds}' settings. */
    private static List<Double> largestRowNorms(TrainConfig.Builder bounds) throws IOException {
        ExampleSet train = TestData.mnist().train().limit(3_000);
        TrainConfig config = bounds.epochs(2).batchSize(50).learningRate(0.5).momentum(0.9)
                .schedule(TrainConfig.CONSTANT).build();
        Engine engine = TestData.engine();
        try (Model model = Models.create("maxnorm", NET, engine, engine.defaultDevice(), 3)) {
            TrainingLoop.fit(model, TrainingLoopTest.dataset(train, config), null, config,
                    DistillationLoss.hard(), 0, List.of());
            Classifier net = Models.classifier(model);
            List<Parameter> weights = new ArrayList<>(net.maxNormWeights());
            weights.addAll(Classifier.weightsOf(List.of(net.outputLayer())));
            List<Double> largest = new ArrayList<>();
            for (Parameter weight : weights) {
                try (NDArray norms = weight.getArray().square().sum(new int[] {1}).sqrt()) {
                    largest.add((double) norms.max().getFloat());
                }
            }
            return largest;
        }
    }
}
