package io.distill.student.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/**
 * The defaults of {@code POST /students}: the paper's 784-800-800-10 student, unregularised, and
 * schedules that are safe at T=20 on a 2-core machine. A deployment or a test profile may change them.
 */
@ConfigMapping(prefix = "distill.student")
public interface StudentDefaults {

    /** Hidden layer widths. */
    @WithDefault("800,800")
    List<Integer> hidden();

    /** Epochs over the transfer set. */
    @WithDefault("60")
    int epochs();

    /** Examples per step. */
    @WithDefault("128")
    int batchSize();

    /** Peak learning rate for {@code hard} students (plain cross-entropy). */
    @WithDefault("0.1")
    double hardLearningRate();

    /**
     * Peak learning rate for {@code distill} and {@code soft} students. At T=20 the T²-scaled soft
     * term behaves like a squared error on the logits; 0.1 collapsed a student within one epoch.
     */
    @WithDefault("0.03")
    double softLearningRate();

    /** Gradient clipping for {@code distill} and {@code soft} students. */
    @WithDefault("5.0")
    double softClipGradient();

    /** SGD momentum. */
    @WithDefault("0.9")
    double momentum();

    /** The distillation temperature. */
    @WithDefault("20")
    double temperature();

    /** Weight of the T²-scaled soft term in {@code distill} mode. */
    @WithDefault("0.9")
    double softWeight();

    /** Weight of the hard-label term in {@code distill} mode. */
    @WithDefault("0.1")
    double hardWeight();

    /** Seconds a job waits for its transfer set to be complete before it fails. */
    @WithDefault("900")
    int transferSetTimeoutSeconds();
}
