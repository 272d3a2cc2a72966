package io.distill.contract.metrics;

/**
 * What a finished (or early-stopped) training run did.
 *
 * @param epochsRun            epochs trained in this run, a resumed run's earlier epochs not counted
 * @param lastEpoch            epochs completed in all, those of a resumed run's earlier runs included
 * @param lastTrainLoss        mean training loss of that epoch
 * @param lastValidationErrors validation errors after it, or null without a validation set
 * @param examplesPerSecond    training throughput over the run
 * @param seconds              the run's wall-clock time
 */
public record TrainingSummary(int epochsRun, int lastEpoch, double lastTrainLoss, Integer lastValidationErrors,
        double examplesPerSecond, double seconds) {}
