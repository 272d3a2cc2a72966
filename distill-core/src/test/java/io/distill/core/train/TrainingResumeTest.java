package io.distill.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import io.distill.contract.metrics.TrainingSummary;
import io.distill.contract.requests.Architecture;
import io.distill.core.artifact.Checkpoints;
import io.distill.core.data.ExampleSet;
import io.distill.core.model.Models;
import io.distill.core.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped after its first epoch and resumed from the checkpoint in a fresh process (a new
 * model, a new optimiser) ends with exactly the weights of the same run never stopped.
 *
 * <p>The comparison is bitwise. Training here is reproducible to the last bit under a fixed seed on
 * MXNet-CPU with the build's thread count ({@code OMP_NUM_THREADS=2}): two uninterrupted runs give
 * identical weights (asserted below, and by {@code TrainingLoopTest}), since the batch order,
 * jitter and dropout masks of epoch e depend only on the seed and e, and MKL's kernels are
 * deterministic for a fixed thread count. So any piece of state a resume loses (the weights, SGD's
 * velocity, Adam's moments or step count, the schedule's position, the epoch's data or dropout
 * masks, early stopping's count) shows up as a difference; two tests prove that the comparison
 * catches a lost momentum and lost weights.
 */
class TrainingResumeTest {

    /** Dropout on input and hidden units, so that the dropout masks must be replayed too. */
    private static final Architecture NET = Architecture.mlp(784, List.of(64), 10, 0.2, 0.5);
    private static final int EPOCHS = 3;
    private static final int CHECKPOINT_EPOCH = 1;

    @TempDir
    Path tmp;

    @Test
    void sgdWithRisingMomentumResumedAfterAnEpochEndsWithTheUninterruptedRunsWeights() throws IOException {
        TrainConfig config = TrainConfig.builder().epochs(EPOCHS).batchSize(100).learningRate(0.1).momentum(0.5)
                .finalMomentum(0.95).momentumRampEpochs(2).warmupEpochs(1).jitter(2).maxNorm(2.0).seed(3).build();

        float[] uninterrupted = uninterrupted(config, null).weights();
        Run resumed = resumed(config, null, Resume.FULL);

        assertThat(uninterrupted(config, null).weights()).as("two uninterrupted runs").containsExactly(uninterrupted);
        assertThat(resumed.summary().epochsRun()).isEqualTo(EPOCHS - CHECKPOINT_EPOCH);
        assertThat(resumed.weights()).containsExactly(uninterrupted);
    }

    @Test
    void theLongRecipeResumedAfterAnEpochEndsWithTheUninterruptedRunsWeights() throws IOException {
        // The long-schedule teacher's recipe (docs/results.md): constant momentum 0.9, no warm-up, a rate that
        // decays each epoch, and per-layer bounds small enough to bind from the first steps.
        TrainConfig config = TrainConfig.builder().epochs(EPOCHS).batchSize(100).learningRate(0.05).momentum(0.9)
                .finalMomentum(null).warmupEpochs(0).schedule(TrainConfig.EXPONENTIAL).decay(0.5).jitter(2)
                .maxNorms(List.of(0.5, 0.8)).maxNormEvery(1).seed(8).build();

        assertThat(resumed(config, null, Resume.FULL).weights()).containsExactly(uninterrupted(config, null).weights());
    }

    @Test
    void adamResumedAfterAnEpochEndsWithTheUninterruptedRunsWeights() throws IOException {
        TrainConfig config = TrainConfig.builder().epochs(EPOCHS).batchSize(100).optimizer(TrainConfig.ADAM)
                .learningRate(2e-3).jitter(1).seed(4).build();

        assertThat(resumed(config, null, Resume.FULL).weights()).containsExactly(uninterrupted(config, null).weights());
    }

    @Test
    void aResumeThatLosesTheMomentumEndsElsewhere() throws IOException {
        TrainConfig config = TrainConfig.builder().epochs(EPOCHS).batchSize(100).momentum(0.9).seed(5).build();

        assertThat(resumed(config, null, Resume.WITHOUT_OPTIMIZER_STATE).weights())
                .isNotEqualTo(uninterrupted(config, null).weights());
    }

    @Test
    void aResumeFromAFreshInitialisationEndsElsewhere() throws IOException {
        TrainConfig config = TrainConfig.builder().epochs(EPOCHS).batchSize(100).momentum(0.9).seed(6).build();

        assertThat(resumed(config, null, Resume.WITHOUT_WEIGHTS).weights())
                .isNotEqualTo(uninterrupted(config, null).weights());
    }

    @Test
    void aRunWithPatienceResumedAfterAStalledEpochStopsWhereTheUninterruptedRunStops() throws IOException {
        // A rate this small barely moves the weights: validation errors stall from the first epoch, so
        // patience 2 stops the run after epoch 3, and a resume that forgot epoch 1 would go on to 4.
        TrainConfig config = TrainConfig.builder().epochs(20).batchSize(100).learningRate(1e-7).momentum(0)
                .schedule(TrainConfig.CONSTANT).patience(2).seed(7).build();
        ExampleSet validation = TestData.mnist().validation().limit(500);

        Run uninterrupted = uninterrupted(config, validation);
        Run resumed = resumed(config, validation, Resume.FULL);

        assertThat(uninterrupted.summary().lastEpoch()).isEqualTo(3);
        assertThat(resumed.summary().lastEpoch()).isEqualTo(3);
        assertThat(resumed.weights()).containsExactly(uninterrupted.weights());
    }

    /** What a resume restores from the checkpoint; all but {@code FULL} are deliberate faults. */
    private enum Resume { FULL, WITHOUT_OPTIMIZER_STATE, WITHOUT_WEIGHTS }

    /** A run's final weights, and what the (last) training loop said. */
    private record Run(float[] weights, TrainingSummary summary) {}

    private static Run uninterrupted(TrainConfig config, ExampleSet validation) throws IOException {
        Engine engine = TestData.engine();
        try (Model model = Models.create("straight", NET, engine, engine.defaultDevice(), config.seed())) {
            TrainingSummary summary = TrainingLoop.fit(model, TrainingLoopTest.dataset(train(), config),
                    validation, config, DistillationLoss.hard(), 0, List.of());
            return new Run(weights(model), summary);
        }
    }

    /** Trains one epoch and stops, as a process that dies would; then resumes in a new model. */
    private Run resumed(TrainConfig config, ExampleSet validation, Resume resume) throws IOException {
        Engine engine = TestData.engine();
        Checkpoints checkpoints = new Checkpoints(tmp);
        float[] initial;
        float[] checkpointed;
        try (Model model = Models.create("first", NET, engine, engine.defaultDevice(), config.seed())) {
            initial = weights(model);
            TrainingLoop.fit(model, TrainingLoopTest.dataset(train(), config), validation, config,
                    DistillationLoss.hard(), 0, List.of(checkpoints, new TrainingLoopTest.StopAfter(CHECKPOINT_EPOCH)));
            checkpointed = weights(model);
        }
        assertThat(checkpoints.latest()).get().extracting(Checkpoints.Checkpoint::epoch).isEqualTo(CHECKPOINT_EPOCH);
        assertThat(checkpointed).as("the checkpoint's weights").isNotEqualTo(initial);
        if (resume == Resume.WITHOUT_OPTIMIZER_STATE) {
            assertThat(tmp.resolve(Checkpoints.OPTIMIZER)).isRegularFile();
            Files.delete(tmp.resolve(Checkpoints.OPTIMIZER));
        }

        try (Model model = Models.create("second", NET, engine, engine.defaultDevice(), config.seed())) {
            if (resume != Resume.WITHOUT_WEIGHTS) {
                checkpoints.restore(model.getBlock(), model.getNDManager());
                assertThat(weights(model)).as("the restored weights").containsExactly(checkpointed);
            }
            TrainingSummary summary = TrainingLoop.fit(model, TrainingLoopTest.dataset(train(), config),
                    validation, config, DistillationLoss.hard(), CHECKPOINT_EPOCH, List.of(checkpoints));
            return new Run(weights(model), summary);
        }
    }

    private static ExampleSet train() throws IOException {
        return TestData.mnist().train().limit(1_000);
    }

    /** Every parameter's values, in the block's order, end to end. */
    private static float[] weights(Model model) {
        List<float[]> arrays = model.getBlock().getParameters().values().stream()
                .map(Parameter::getArray).map(a -> a.toFloatArray()).toList();
        float[] all = new float[arrays.stream().mapToInt(a -> a.length).sum()];
        int at = 0;
        for (float[] a : arrays) {
            System.arraycopy(a, 0, all, at, a.length);
            at += a.length;
        }
        return all;
    }
}
