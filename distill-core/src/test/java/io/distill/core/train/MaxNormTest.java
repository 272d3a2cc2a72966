package io.distill.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.distill.contract.requests.Architecture;
import io.distill.core.data.ExampleSet;
import io.distill.core.model.Models;
import io.distill.core.testing.TestData;
import java.io.IOException;
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

    private static double largestHiddenRowNorm(Double maxNorm, int every) throws IOException {
        ExampleSet train = TestData.mnist().train().limit(3_000);
        TrainConfig config = TrainConfig.builder().epochs(2).batchSize(50).learningRate(0.5).momentum(0.9)
                .schedule(TrainConfig.CONSTANT).maxNorm(maxNorm).maxNormEvery(every).build();
        Engine engine = TestData.engine();
        try (Model model = Models.create("maxnorm", NET, engine, engine.defaultDevice(), 3)) {
            TrainingLoop.fit(model, TrainingLoopTest.dataset(train, config), null, config,
                    DistillationLoss.hard(), 0, List.of());
            double largest = 0;
            for (Parameter weight : Models.classifier(model).maxNormWeights()) {
                NDArray norms = weight.getArray().square().sum(new int[] {1}).sqrt();
                largest = Math.max(largest, norms.max().getFloat());
                norms.close();
            }
            return largest;
        }
    }
}
