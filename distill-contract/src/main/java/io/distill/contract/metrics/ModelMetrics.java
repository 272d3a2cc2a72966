package io.distill.contract.metrics;

/** The metrics of a job that produces a model, which every such job reports: its test errors. */
public sealed interface ModelMetrics extends RunMetrics permits TeacherMetrics, StudentMetrics, EnsembleMetrics {

    /** Misclassified test examples: the model's, or the ensemble's for a specialist ensemble. */
    int testErrors();

    /** Test examples scored. */
    int testTotal();
}
