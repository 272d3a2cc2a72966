package io.distill.contract.jobs;

import io.distill.contract.records.Builder;
import java.time.Instant;

/**
 * One epoch of a job's training as it ended ({@code GET /<root>/<id>/epochs}), kept in the database with
 * the job, so that a learning curve outlives {@code distill-progress}'s retention. An epoch trained again
 * after a restart replaces its earlier record.
 *
 * @param epoch              the epochs completed, 1 to {@code epochs}
 * @param epochs             the epochs the run trains
 * @param trainLoss          mean training loss over the epoch
 * @param validationErrors   validation errors after it, or null when the run has no validation split
 * @param validationTotal    the validation split's size (0 without one)
 * @param examplesPerSecond  training examples per second over the epoch
 * @param seconds            the epoch's wall time, validation included
 * @param learningRate       the learning rate its last step used
 * @param momentum           the momentum its last step used (0 for Adam)
 * @param attempt            which start of the job trained it ({@code attempts} then)
 * @param endedAt            when it ended
 */
@Builder
public record JobEpoch(
        int epoch,
        int epochs,
        double trainLoss,
        Integer validationErrors,
        int validationTotal,
        double examplesPerSecond,
        double seconds,
        double learningRate,
        double momentum,
        int attempt,
        Instant endedAt) {}
