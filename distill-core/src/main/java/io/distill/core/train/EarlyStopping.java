package io.distill.core.train;

import ai.djl.nn.Block;

/** Stops training after {@code patience} epochs without a lower validation error. */
public final class EarlyStopping implements TrainingListener {

    /** The count a checkpoint keeps: the best validation errors so far, and the epochs since. */
    public record State(int best, int sinceBest) {}

    private final int patience;
    private int best = Integer.MAX_VALUE;
    private int sinceBest;

    public EarlyStopping(int patience) {
        this.patience = patience;
    }

    @Override
    public void onEpochEnd(EpochReport report, Block block) {
        if (report.validationErrors() == null) {
            return;
        }
        if (report.validationErrors() < best) {
            best = report.validationErrors();
            sinceBest = 0;
        } else {
            sinceBest++;
        }
    }

    public State state() {
        return new State(best, sinceBest);
    }

    /** Continues the count of a run resumed from a checkpoint. */
    public void restore(State state) {
        best = state.best();
        sinceBest = state.sinceBest();
    }

    @Override
    public boolean stopRequested() {
        return sinceBest >= patience;
    }
}
