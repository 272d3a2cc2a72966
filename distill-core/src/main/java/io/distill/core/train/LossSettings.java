package io.distill.core.train;

/**
 * A run's loss as saved with its hyperparameters: the settings of its {@link DistillationLoss}, which
 * is a DJL {@code Loss} and not itself data.
 *
 * @param mode        {@code hard} (cross-entropy on the labels only), {@code soft} (the T²-scaled soft
 *                    term only) or {@code distill} (both, weighted)
 * @param temperature T of the soft term; null when there is none
 * @param softWeight  weight of the T²-scaled soft term
 * @param hardWeight  weight of the hard-label term
 */
public record LossSettings(String mode, Double temperature, double softWeight, double hardWeight) {

    public static final String HARD = "hard";
    public static final String SOFT = "soft";
    public static final String DISTILL = "distill";

    /** The settings of {@code loss}. */
    public static LossSettings of(DistillationLoss loss) {
        if (!loss.needsTeacher()) {
            return new LossSettings(HARD, null, 0, loss.hardWeight());
        }
        return new LossSettings(loss.hardWeight() == 0 ? SOFT : DISTILL, loss.temperature(), loss.softWeight(),
                loss.hardWeight());
    }

    /** The loss these settings describe. */
    public DistillationLoss loss() {
        return new DistillationLoss(temperature == null ? 1 : temperature, softWeight, hardWeight);
    }
}
