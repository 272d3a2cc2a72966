package io.distill.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import io.distill.contract.requests.Architecture;
import io.distill.core.data.BatchedDataset;
import io.distill.core.model.Classifier;
import io.distill.core.model.Models;
import io.distill.core.testing.TestData;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstrainedOptimizerTest {

    private static final Architecture NET = Architecture.plain(784, List.of(64, 32), 10);

    @Test
    void aStepOnTheModelsWeightsEqualsDjlsTrainerStepBitForBitWithMomentumAndABindingMaxNorm() throws IOException {
        TrainConfig config = TrainConfig.builder().epochs(1).batchSize(50).learningRate(0.5).momentum(0.9)
                .schedule(TrainConfig.CONSTANT).maxNorm(0.6).build();

        assertSameBits(weightsAfterAnEpoch(config, true), weightsAfterAnEpoch(config, false));
    }

    @Test
    void aStepOnTheModelsWeightsEqualsDjlsTrainerStepBitForBitWithAdam() throws IOException {
        TrainConfig config = TrainConfig.builder().epochs(1).batchSize(50).learningRate(0.001)
                .optimizer(TrainConfig.ADAM).build();

        assertSameBits(weightsAfterAnEpoch(config, true), weightsAfterAnEpoch(config, false));
    }

    private static void assertSameBits(List<float[]> direct, List<float[]> throughTheStore) {
        assertThat(direct).hasSameSizeAs(throughTheStore);
        for (int i = 0; i < direct.size(); i++) {
            // Arrays.equals compares floats by their bits.
            assertThat(Arrays.equals(direct.get(i), throughTheStore.get(i))).as("parameter %d", i).isTrue();
        }
    }

    /**
     * Every parameter after an epoch of 1,000 images: stepped by {@link ConstrainedOptimizer#step}
     * ({@code direct}), or by DJL's trainer through MXNet's key-value store, as the loop once did.
     */
    private static List<float[]> weightsAfterAnEpoch(TrainConfig config, boolean direct) throws IOException {
        BatchedDataset data = TrainingLoopTest.dataset(TestData.mnist().train().limit(1_000), config);
        Engine engine = TestData.engine();
        try (Model model = Models.create("step", NET, engine, engine.defaultDevice(), 5)) {
            Classifier block = Models.classifier(model);
            StepSchedule schedule = new StepSchedule(config, data.batchesPerEpoch(), 0);
            try (ConstrainedOptimizer optimizer = new ConstrainedOptimizer(config, schedule,
                    TrainingLoop.maxNormBounds(block, config));
                    Trainer trainer = model.newTrainer(new DefaultTrainingConfig(DistillationLoss.hard())
                            .optOptimizer(optimizer).optDevices(new Device[] {model.getNDManager().getDevice()}))) {
                for (Batch batch : data.getData(trainer.getManager())) {
                    try (batch; GradientCollector collector = trainer.newGradientCollector()) {
                        NDList predictions = trainer.forward(batch.getData(), batch.getLabels());
                        collector.backward(trainer.getLoss().evaluate(batch.getLabels(), predictions));
                    }
                    if (direct) {
                        optimizer.step(ConstrainedOptimizer.trainable(block));
                    } else {
                        trainer.step();
                    }
                }
                return block.getParameters().values().stream().map(p -> p.getArray().toFloatArray()).toList();
            }
        }
    }
}
