package io.distill.student.config;

import static java.util.Objects.requireNonNullElse;

import io.distill.contract.requests.ArchitectureRequest;
import io.distill.contract.requests.BiasAdjust;
import io.distill.contract.requests.Optimizer;
import io.distill.contract.requests.StudentMode;
import io.distill.contract.requests.StudentRequest;
import io.distill.contract.requests.StudentRequestBuilder;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * The defaults of {@code POST /students}: the paper's 784-800-800-10 student, unregularised, and
 * schedules that are safe at T=20 on a 2-core machine, all in one place. The mode picks among them: a
 * student without the soft term (the paper's {@code hard} baseline) is plain cross-entropy at a higher
 * rate, and {@code StudentMode} says which weights each mode starts from. A deployment or a test profile
 * may change any of them; {@link #complete} applies them to a request.
 */
@ConfigMapping(prefix = "distill.student")
public interface StudentDefaults {

    /** An mlp's hidden layer widths. */
    @WithDefault("800,800")
    List<Integer> hidden();

    /** A cnn's dense hidden layer widths, when its architecture gives none. */
    @WithDefault("128")
    List<Integer> cnnHidden();

    /** Whether a cnn normalises each convolution's batch, when its architecture does not say. */
    @WithDefault("false")
    boolean batchNorm();

    /** Epochs over the transfer set. */
    @WithDefault("60")
    int epochs();

    /** Examples per step. */
    @WithDefault("128")
    int batchSize();

    /** Peak learning rate for students without the soft term, such as {@code hard} (plain cross-entropy). */
    @WithDefault("0.1")
    double hardLearningRate();

    /**
     * Peak learning rate for students with the soft term, such as {@code distill}. At T=20 the T²-scaled soft
     * term behaves like a squared error on the logits; 0.1 collapsed a student within one epoch.
     */
    @WithDefault("0.03")
    double softLearningRate();

    /** Gradient clipping for students with the soft term. */
    @WithDefault("5.0")
    double softClipGradient();

    /** SGD momentum. */
    @WithDefault("0.9")
    double momentum();

    /** The distillation temperature. */
    @WithDefault("20")
    double temperature();

    /** Weight of the T²-scaled soft term in a mode with both terms, such as {@code distill}. */
    @WithDefault("0.9")
    double softWeight();

    /** Weight of the hard-label term in a mode with both terms, such as {@code distill}. */
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

    /** Epochs of linear warm-up for students with the soft term; those without need none. */
    @WithDefault("1")
    int softWarmupEpochs();

    /** The contract's seed. */
    @WithDefault("1")
    long seed();

    /**
     * {@code sent} with these defaults in place of its absent fields. Its mode (default {@code distill})
     * gives the weights and may give the temperature; whether it has the soft term chooses between the
     * hard and the soft schedule.
     */
    static StudentRequest complete(StudentRequest sent, StudentDefaults d) {
        StudentMode mode = requireNonNullElse(sent.mode(), StudentMode.DEFAULT);
        boolean soft = mode.softTerm();
        ArchitectureRequest net = ArchitectureRequest.complete(sent.hidden(), sent.architecture(), d.hidden(),
                d.cnnHidden(), d.batchNorm());
        return StudentRequestBuilder.builder(sent)
                .hidden(net.shorthand())
                .architecture(net.unlessShorthand())
                .mode(mode)
                .temperature(requireNonNullElse(sent.temperature(), mode.temperature(d.temperature())))
                .softWeight(requireNonNullElse(sent.softWeight(), mode.softWeight(d.softWeight())))
                .hardWeight(requireNonNullElse(sent.hardWeight(), mode.hardWeight(d.hardWeight())))
                .inputDropout(requireNonNullElse(sent.inputDropout(), d.inputDropout()))
                .hiddenDropout(requireNonNullElse(sent.hiddenDropout(), d.hiddenDropout()))
                .epochs(requireNonNullElse(sent.epochs(), d.epochs()))
                .batchSize(requireNonNullElse(sent.batchSize(), d.batchSize()))
                .optimizer(requireNonNullElse(sent.optimizer(), d.optimizer()))
                .learningRate(requireNonNullElse(sent.learningRate(),
                        soft ? d.softLearningRate() : d.hardLearningRate()))
                .momentum(requireNonNullElse(sent.momentum(), d.momentum()))
                .warmupEpochs(requireNonNullElse(sent.warmupEpochs(), soft ? d.softWarmupEpochs() : 0))
                .clipGradient(requireNonNullElse(sent.clipGradient(),
                        soft ? Optional.of(d.softClipGradient()) : Optional.empty()))
                .seed(requireNonNullElse(sent.seed(), d.seed()))
                .biasAdjust(requireNonNullElse(sent.biasAdjust(), BiasAdjust.NONE))
                .waitForTransferSet(requireNonNullElse(sent.waitForTransferSet(), false))
                .plan(requireNonNullElse(sent.plan(), Optional.empty()))
                .build();
    }
}
