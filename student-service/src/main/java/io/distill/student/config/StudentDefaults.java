package io.distill.student.config;

import static java.util.Objects.requireNonNullElse;

import io.distill.contract.requests.BiasAdjust;
import io.distill.contract.requests.Optimizer;
import io.distill.contract.requests.StudentMode;
import io.distill.contract.requests.StudentRequest;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * The defaults of {@code POST /students}: the paper's 784-800-800-10 student, unregularised, and
 * schedules that are safe at T=20 on a 2-core machine, all in one place. Some depend on the mode: a
 * {@code hard} student is the paper's baseline, plain cross-entropy at a higher rate. A deployment or
 * a test profile may change any of them; {@link #complete} applies them to a request.
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

    /** Dropout on the input pixels: none, as in the paper's students. */
    @WithDefault("0")
    double inputDropout();

    /** Dropout after each hidden layer: none. */
    @WithDefault("0")
    double hiddenDropout();

    /** SGD with momentum. */
    @WithDefault("sgd")
    Optimizer optimizer();

    /** Epochs of linear warm-up for {@code distill} and {@code soft} students; hard students need none. */
    @WithDefault("1")
    int softWarmupEpochs();

    /** The contract's seed. */
    @WithDefault("1")
    long seed();

    /** {@code sent} with these defaults in place of its absent fields, by its mode (default {@code distill}). */
    static StudentRequest complete(StudentRequest sent, StudentDefaults d) {
        StudentMode mode = requireNonNullElse(sent.mode(), StudentMode.DISTILL);
        boolean hard = mode == StudentMode.HARD;
        boolean soft = mode == StudentMode.SOFT;
        return new StudentRequest(
                sent.transferSetId(),
                requireNonNullElse(sent.hidden(), d.hidden()),
                mode,
                requireNonNullElse(sent.temperature(), d.temperature()),
                requireNonNullElse(sent.softWeight(), soft ? 1 : hard ? 0 : d.softWeight()),
                requireNonNullElse(sent.hardWeight(), soft ? 0 : hard ? 1 : d.hardWeight()),
                requireNonNullElse(sent.inputDropout(), d.inputDropout()),
                requireNonNullElse(sent.hiddenDropout(), d.hiddenDropout()),
                requireNonNullElse(sent.epochs(), d.epochs()),
                requireNonNullElse(sent.batchSize(), d.batchSize()),
                requireNonNullElse(sent.optimizer(), d.optimizer()),
                requireNonNullElse(sent.learningRate(), hard ? d.hardLearningRate() : d.softLearningRate()),
                requireNonNullElse(sent.momentum(), d.momentum()),
                requireNonNullElse(sent.warmupEpochs(), hard ? 0 : d.softWarmupEpochs()),
                requireNonNullElse(sent.clipGradient(), hard ? Optional.empty() : Optional.of(d.softClipGradient())),
                requireNonNullElse(sent.seed(), d.seed()),
                requireNonNullElse(sent.biasAdjust(), BiasAdjust.NONE),
                requireNonNullElse(sent.waitForTransferSet(), false),
                requireNonNullElse(sent.plan(), Optional.empty()));
    }
}
