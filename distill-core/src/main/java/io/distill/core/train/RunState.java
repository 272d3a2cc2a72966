package io.distill.core.train;

/**
 * What a run carries from one epoch to the next besides its weights: the optimiser's state and,
 * with a patience, early stopping's count. A checkpoint saves it and a resumed run takes it back.
 *
 * @param earlyStopping null when the run has no patience
 */
public record RunState(ConstrainedOptimizer optimizer, EarlyStopping earlyStopping) {}
