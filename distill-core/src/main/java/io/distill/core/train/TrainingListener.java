package io.distill.core.train;

import ai.djl.nn.Block;
import io.distill.contract.jobs.JobCancelledException;
import io.distill.contract.records.Builder;
import java.io.IOException;

/**
 * Callbacks from {@link TrainingLoop}: progress, checkpoints, early stopping and cancellation all
 * live in listeners, so the loop itself stays a plain loop.
 */
public interface TrainingListener {

    /**
     * Called once, before the first epoch, with what the run carries besides {@code block}'s weights:
     * a checkpoint saves and restores it.
     */
    default void onTrainingStart(Block block, RunState state) throws IOException {}

    /** Called before epoch {@code epoch} (0-based) starts. */
    default void onEpochStart(int epoch) {}

    /** Called after each optimiser step. Throw {@link JobCancelledException} to stop at once. */
    default void onBatchEnd(BatchReport report) {}

    /** Called after each epoch, with the block's current weights. */
    default void onEpochEnd(EpochReport report, Block block) throws IOException {}

    /** Asked after each epoch: true ends training early, keeping the weights as they are. */
    default boolean stopRequested() {
        return false;
    }

    /** One optimiser step's place in the run. */
    @Builder
    record BatchReport(int epoch, int epochs, int batch, int batchesPerEpoch, long examples, double loss,
            double examplesPerSecond) {

        /** The fraction of the whole run done, 0..1. */
        public double progress() {
            return (epoch + (double) (batch + 1) / batchesPerEpoch) / epochs;
        }
    }

    /**
     * One finished epoch.
     *
     * @param epoch              epochs completed so far (1-based)
     * @param validationErrors   null when the run has no validation set
     * @param validationTotal    the validation set's size, 0 without one
     */
    @Builder
    record EpochReport(int epoch, int epochs, double trainLoss, Integer validationErrors, int validationTotal,
            double examplesPerSecond, double seconds, double learningRate, double momentum) {}
}
