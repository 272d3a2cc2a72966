package io.distill.core.train;

import ai.djl.nn.Block;

/** Stops training after {@code patience} epochs without a lower validation error. */
public final class EarlyStopping implements TrainingListener {

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

    @Override
    public boolean stopRequested() {
        return sinceBest >= patience;
    }
}
