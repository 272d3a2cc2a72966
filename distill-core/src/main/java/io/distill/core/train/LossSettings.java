package io.distill.core.train;

import io.distill.contract.requests.StudentMode;

/**
 * A run's loss as saved with its hyperparameters: the settings of its {@link DistillationLoss}, which
 * is a DJL {@code Loss} and not itself data.
 *
 * @param mode        the terms, named as a student's mode names them: {@code hard} (cross-entropy on
 *                    the labels only), {@code soft} (the T²-scaled soft term only) or {@code distill} (both,
 *                    weighted)
 * @param temperature T of the soft term; null when there is none
 * @param softWeight  weight of the T²-scaled soft term
 * @param hardWeight  weight of the hard-label term
 */
public record LossSettings(String mode, Double temperature, double softWeight, double hardWeight) {

    /** The settings of {@code loss}; its mode is the first student mode with the same terms. */
    public static LossSettings of(DistillationLoss loss) {
        String mode = StudentMode.withTerms(loss.needsTeacher(), loss.hardWeight() > 0).value();
        if (!loss.needsTeacher()) {
            return new LossSettings(mode, null, 0, loss.hardWeight());
        }
        return new LossSettings(mode, loss.temperature(), loss.softWeight(), loss.hardWeight());
    }

    /** The loss these settings describe. */
    public DistillationLoss loss() {
        return new DistillationLoss(temperature == null ? 1 : temperature, softWeight, hardWeight);
    }
}
