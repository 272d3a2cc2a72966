package io.distill.core.train;

import io.distill.contract.requests.Architecture;
import java.util.List;

/** Hyperparameters of each kind of run, with every field set, for the JSON tests. */
public final class HyperparameterSamples {

    private HyperparameterSamples() {}

    public static Hyperparameters teacher() {
        TrainConfig config = TrainConfig.builder().epochs(3).batchSize(100).momentum(0.5).finalMomentum(0.95)
                .momentumRampEpochs(1).warmupEpochs(1).maxNorm(15.0).maxNormEvery(4).jitter(2).seed(2).build();
        return new Hyperparameters(Architecture.mlp(784, List.of(1200, 1200), 10, 0.2, 0.5), config,
                LossSettings.of(DistillationLoss.hard()), 2, new Hyperparameters.TrainingData("train", 55_000, null,
                        List.of()), null);
    }

    public static Hyperparameters student() {
        TrainConfig config = TrainConfig.builder().epochs(15).batchSize(50).learningRate(0.03).clipGradient(5.0)
                .build();
        return new Hyperparameters(Architecture.plain(784, List.of(800, 800), 10), config,
                LossSettings.of(new DistillationLoss(20, 0.9, 0.1)), 1,
                new Hyperparameters.TrainingData("train", 49_869, "ts-41d2", List.of("t-7f3a-0", "t-7f3a-1")), null);
    }

    public static Hyperparameters ensemble() {
        TrainConfig config = TrainConfig.builder().epochs(10).learningRate(0.02).seed(1_000).build();
        return new Hyperparameters(Architecture.plain(784, List.of(1200, 1200), 10), config,
                LossSettings.of(DistillationLoss.hard()), 1,
                new Hyperparameters.TrainingData("train", 49_869, "ts-41d2", List.of("t-7f3a-0")),
                new Hyperparameters.Ensemble(new Hyperparameters.ModelReference("t-7f3a-0",
                        "http://localhost:8081/models/t-7f3a-0/artifact", "9b1c"),
                        List.of(List.of(0, 2, 4, 6), List.of(5, 7, 9)), 1, 3, 4, 0));
    }
}
