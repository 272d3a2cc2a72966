package io.distill.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import io.distill.contract.metrics.EvalResult;
import io.distill.contract.metrics.TrainingSummary;
import io.distill.contract.requests.Architecture;
import io.distill.core.artifact.Checkpoints;
import io.distill.core.data.BatchedDataset;
import io.distill.core.data.Datasets;
import io.distill.core.data.ExampleSet;
import io.distill.core.eval.Evaluation;
import io.distill.core.eval.Inference;
import io.distill.core.model.Models;
import io.distill.core.testing.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLoopTest {

    private static final Architecture SMALL = Architecture.plain(784, List.of(100), 10);

    @TempDir
    Path tmp;

    @Test
    void oneEpochOnTenThousandRealImagesGetsUnderEightPercentTestError() throws IOException {
        Datasets.Splits mnist = TestData.mnist();
        TrainConfig config = TrainConfig.builder().epochs(1).batchSize(32).learningRate(0.05).momentum(0.9).build();
        Engine engine = TestData.engine();

        try (Model model = Models.create("small", SMALL, engine, engine.defaultDevice(), 1)) {
            TrainingSummary summary = TrainingLoop.fit(model, dataset(mnist.train().limit(10_000), config),
                    null, config, DistillationLoss.hard(), 0, List.of());
            EvalResult test = Evaluation.evaluate(model.getBlock(), model.getNDManager(), mnist.test(), 1000);

            assertThat(summary.epochsRun()).isEqualTo(1);
            assertThat(test.total()).isEqualTo(10_000);
            assertThat(test.errorRate()).isLessThan(0.08);
            assertThat(java.util.Arrays.stream(test.perClassErrors()).sum()).isEqualTo(test.errors());
        }
    }

    @Test
    void listenersSeeEveryBatchAndEpochAndValidationIsScored() throws IOException {
        Datasets.Splits mnist = TestData.mnist();
        TrainConfig config = TrainConfig.builder().epochs(2).batchSize(100).build();
        Recorder recorder = new Recorder();
        Engine engine = TestData.engine();

        try (Model model = Models.create("small", SMALL, engine, engine.defaultDevice(), 1)) {
            TrainingLoop.fit(model, dataset(mnist.train().limit(1_000), config), mnist.validation().limit(500),
                    config, DistillationLoss.hard(), 0, List.of(recorder));
        }

        assertThat(recorder.batches).isEqualTo(20);
        assertThat(recorder.epochs).extracting(TrainingListener.EpochReport::epoch).containsExactly(1, 2);
        assertThat(recorder.epochs).allSatisfy(r -> {
            assertThat(r.validationTotal()).isEqualTo(500);
            assertThat(r.validationErrors()).isBetween(0, 500);
            assertThat(r.trainLoss()).isPositive();
        });
        assertThat(recorder.epochs.get(1).trainLoss()).isLessThan(recorder.epochs.get(0).trainLoss());
    }

    @Test
    void adamAlsoTrainsTheNet() throws IOException {
        Datasets.Splits mnist = TestData.mnist();
        TrainConfig config = TrainConfig.builder().epochs(1).batchSize(64).optimizer("adam").learningRate(2e-3)
                .schedule(TrainConfig.CONSTANT).build();
        Engine engine = TestData.engine();

        try (Model model = Models.create("adam", SMALL, engine, engine.defaultDevice(), 1)) {
            TrainingLoop.fit(model, dataset(mnist.train().limit(5_000), config), null, config,
                    DistillationLoss.hard(), 0, List.of());
            EvalResult test = Evaluation.evaluate(model.getBlock(), model.getNDManager(), mnist.test(), 1000);

            assertThat(test.errorRate()).isLessThan(0.15);
        }
    }

    @Test
    void plainSgdWithoutMomentumTrainsTheNet() throws IOException {
        // MXNet's sgd_update without momentum takes two inputs, not three; a wrong call used to fail
        // inside the optimizer callback, where JNA dropped the error and the weights never moved.
        Datasets.Splits mnist = TestData.mnist();
        TrainConfig config = TrainConfig.builder().epochs(1).batchSize(64).learningRate(0.1).momentum(0)
                .schedule(TrainConfig.CONSTANT).build();
        Engine engine = TestData.engine();

        try (Model model = Models.create("plain-sgd", SMALL, engine, engine.defaultDevice(), 1)) {
            TrainingLoop.fit(model, dataset(mnist.train().limit(5_000), config), null, config,
                    DistillationLoss.hard(), 0, List.of());
            EvalResult test = Evaluation.evaluate(model.getBlock(), model.getNDManager(), mnist.test(), 1000);

            // Untrained, the net is at chance (about 0.9); one epoch of plain SGD gets it near 0.19.
            assertThat(test.errorRate()).isLessThan(0.3);
        }
    }

    @Test
    void earlyStoppingEndsARunWhoseValidationErrorStopsFalling() throws IOException {
        Datasets.Splits mnist = TestData.mnist();
        // A rate this small barely moves the weights, so validation errors stall at once.
        TrainConfig config = TrainConfig.builder().epochs(20).batchSize(100).learningRate(1e-7)
                .schedule(TrainConfig.CONSTANT).momentum(0).patience(2).build();
        Engine engine = TestData.engine();

        try (Model model = Models.create("stall", SMALL, engine, engine.defaultDevice(), 1)) {
            TrainingSummary summary = TrainingLoop.fit(model, dataset(mnist.train().limit(500), config),
                    mnist.validation().limit(500), config, DistillationLoss.hard(), 0, List.of());

            assertThat(summary.epochsRun()).isLessThan(20);
            assertThat(summary.lastValidationErrors()).isNotNull();
        }
    }

    @Test
    void sameSeedGivesTheSameWeightsAndADifferentSeedDoesNot() throws IOException {
        ExampleSet train = TestData.mnist().train().limit(2_000);
        TrainConfig config = TrainConfig.builder().epochs(1).batchSize(100).jitter(2).seed(5).build();

        float[] a = trainAndPredict(train, config, 5);
        float[] b = trainAndPredict(train, config, 5);
        float[] c = trainAndPredict(train, config.toBuilder().seed(6).build(), 6);

        assertThat(b).containsExactly(a);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void aRunResumedFromItsCheckpointRunsOnlyTheRemainingEpochs() throws IOException {
        ExampleSet train = TestData.mnist().train().limit(1_000);
        TrainConfig config = TrainConfig.builder().epochs(3).batchSize(100).build();
        Engine engine = TestData.engine();
        Checkpoints checkpoints = new Checkpoints(tmp);

        // The first process completes one epoch, then "dies".
        try (Model model = Models.create("run", SMALL, engine, engine.defaultDevice(), 1)) {
            TrainingLoop.fit(model, dataset(train, config), null, config.toBuilder().build(),
                    DistillationLoss.hard(), 0, List.of(checkpoints, new StopAfter(1)));
        }
        assertThat(checkpoints.latest()).get().extracting(Checkpoints.Checkpoint::epoch).isEqualTo(1);

        Recorder recorder = new Recorder();
        try (Model model = Models.create("run", SMALL, engine, engine.defaultDevice(), 1)) {
            int done = checkpoints.latest().orElseThrow().epoch();
            checkpoints.restore(model.getBlock(), model.getNDManager());
            TrainingSummary summary = TrainingLoop.fit(model, dataset(train, config), null, config,
                    DistillationLoss.hard(), done, List.of(checkpoints, recorder));

            assertThat(summary.epochsRun()).isEqualTo(2);
            assertThat(summary.lastEpoch()).isEqualTo(3);
        }
        assertThat(recorder.epochs).extracting(TrainingListener.EpochReport::epoch).containsExactly(2, 3);
        assertThat(checkpoints.latest()).get().extracting(Checkpoints.Checkpoint::epoch).isEqualTo(3);
    }

    private static float[] trainAndPredict(ExampleSet train, TrainConfig config, long seed) throws IOException {
        Engine engine = TestData.engine();
        Architecture withDropout = Architecture.mlp(784, List.of(64), 10, 0.2, 0.5);
        try (Model model = Models.create("seeded", withDropout, engine, engine.defaultDevice(), seed)) {
            TrainingLoop.fit(model, dataset(train, config), null, config, DistillationLoss.hard(), 0, List.of());
            return Inference.logits(model.getBlock(), model.getNDManager(), train.limit(50), 50);
        }
    }

    static BatchedDataset dataset(ExampleSet train, TrainConfig config) {
        return BatchedDataset.builder(train).batchSize(config.batchSize()).shuffle(true)
                .jitter(config.jitter()).seed(config.seed()).build();
    }

    /** Records what the loop reports. */
    static final class Recorder implements TrainingListener {
        int batches;
        final List<EpochReport> epochs = new ArrayList<>();

        @Override
        public void onBatchEnd(BatchReport report) {
            batches++;
        }

        @Override
        public void onEpochEnd(EpochReport report, Block block) {
            epochs.add(report);
        }
    }

    /** Ends a run after a number of epochs, as a crash would (but cleanly). */
    record StopAfter(int epochs) implements TrainingListener {
        private static int seen;

        @Override
        public void onEpochStart(int epoch) {
            seen = epoch;
        }

        @Override
        public boolean stopRequested() {
            return seen + 1 >= epochs;
        }
    }
}
