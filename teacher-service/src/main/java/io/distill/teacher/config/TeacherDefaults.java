package io.distill.teacher.config;

import static java.util.Objects.requireNonNullElse;

import io.distill.contract.requests.ArchitectureRequest;
import io.distill.contract.requests.DatasetNames;
import io.distill.contract.requests.Optimizer;
import io.distill.contract.requests.Schedule;
import io.distill.contract.requests.TeacherRequest;
import io.distill.contract.requests.TeacherRequestBuilder;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * The defaults of {@code POST /teachers}, all in one place: the paper's teacher (Hinton et al.
 * 2012's recipe) and a schedule that fits a 2-core machine. A deployment or a test profile may
 * change any of them; {@link #complete} applies them to a request.
 */
@ConfigMapping(prefix = "distill.teacher")
public interface TeacherDefaults {

    /** The data set: the contract's {@code mnist}. */
    @WithDefault(DatasetNames.MNIST)
    String dataset();

    /** An mlp's hidden layer widths: the paper's 784-1200-1200-10. */
    @WithDefault("1200,1200")
    List<Integer> hidden();

    /** A cnn's dense hidden layer widths, when its architecture gives none. */
    @WithDefault("128")
    List<Integer> cnnHidden();

    /** Whether a cnn normalises each convolution's batch, when its architecture does not say. */
    @WithDefault("false")
    boolean batchNorm();

    /** Dropout on the input pixels. */
    @WithDefault("0.2")
    double inputDropout();

    /** Dropout after each hidden layer. */
    @WithDefault("0.5")
    double hiddenDropout();

    /** Bound on each hidden unit's incoming weight norm (the contract's default, 15). */
    @WithDefault("15.0")
    double maxNorm();

    /** Apply the bound after every this many steps; row norms are costly on MXNet-CPU. */
    @WithDefault("4")
    int maxNormEvery();

    /** Random translation of training images, in pixels, fresh each epoch. */
    @WithDefault("2")
    int jitter();

    /** Epochs per member: about 35 minutes for the 1200-1200 net on 2 cores (docs/results.md). */
    @WithDefault("150")
    int epochs();

    /** Examples per step; 256 runs 15-20% faster than 128 on 2 cores. */
    @WithDefault("256")
    int batchSize();

    /** SGD with momentum, as in the paper. */
    @WithDefault("sgd")
    Optimizer optimizer();

    /** Peak learning rate, after warm-up, decaying by the schedule. */
    @WithDefault("0.1")
    double learningRate();

    /** SGD momentum at the start; it rises linearly to {@link #finalMomentum()}. */
    @WithDefault("0.5")
    double momentum();

    /** Momentum at the end of the ramp, as in Hinton et al. 2012. */
    @WithDefault("0.95")
    double finalMomentum();

    /** Epochs over which momentum rises, at the default run length (shorter runs scale it down). */
    @WithDefault("45")
    int momentumRampEpochs();

    /** Epochs of linear warm-up, at the default run length (shorter runs scale it down). */
    @WithDefault("5")
    int warmupEpochs();

    /** Cosine decay after warm-up. */
    @WithDefault("cosine")
    Schedule schedule();

    /** With the exponential schedule, the factor applied each epoch; 1 keeps the rate. */
    @WithDefault("1.0")
    double decay();

    /** L2 penalty; the paper's teacher relies on dropout and max-norm instead. */
    @WithDefault("0")
    double weightDecay();

    /** Bound on each gradient element; unset: none. */
    Optional<Double> clipGradient();

    /** Early stopping after this many epochs without a better validation error; unset: off. */
    Optional<Integer> patience();

    /** The contract's seed. */
    @WithDefault("1")
    long seed();

    /** Only the first N training examples; unset means the whole training split. */
    Optional<Integer> trainLimit();

    /** One teacher, not an ensemble. */
    @WithDefault("1")
    int ensembleSize();

    /** {@code sent} with these defaults in place of its absent fields. */
    static TeacherRequest complete(TeacherRequest sent, TeacherDefaults d) {
        int epochs = requireNonNullElse(sent.epochs(), d.epochs());
        ArchitectureRequest net = ArchitectureRequest.complete(sent.hidden(), sent.architecture(), d.hidden(),
                d.cnnHidden(), d.batchNorm());
        return TeacherRequestBuilder.builder()
                .dataset(requireNonNullElse(sent.dataset(), d.dataset()))
                .hidden(net.shorthand())
                .architecture(net.unlessShorthand())
                .inputDropout(requireNonNullElse(sent.inputDropout(), d.inputDropout()))
                .hiddenDropout(requireNonNullElse(sent.hiddenDropout(), d.hiddenDropout()))
                // Bounds per layer replace the one bound: the default one is not filled in beside them.
                .maxNorm(sent.maxNorms() != null ? Optional.empty()
                        : requireNonNullElse(sent.maxNorm(), Optional.of(d.maxNorm())))
                .maxNorms(sent.maxNorms())
                .maxNormEvery(requireNonNullElse(sent.maxNormEvery(), d.maxNormEvery()))
                .jitter(requireNonNullElse(sent.jitter(), d.jitter()))
                .epochs(epochs)
                .batchSize(requireNonNullElse(sent.batchSize(), d.batchSize()))
                .optimizer(requireNonNullElse(sent.optimizer(), d.optimizer()))
                .learningRate(requireNonNullElse(sent.learningRate(), d.learningRate()))
                .momentum(requireNonNullElse(sent.momentum(), d.momentum()))
                .finalMomentum(requireNonNullElse(sent.finalMomentum(), Optional.of(d.finalMomentum())))
                .momentumRampEpochs(requireNonNullElse(sent.momentumRampEpochs(),
                        scaled(d.momentumRampEpochs(), epochs, d.epochs())))
                .warmupEpochs(requireNonNullElse(sent.warmupEpochs(), scaled(d.warmupEpochs(), epochs, d.epochs())))
                .schedule(requireNonNullElse(sent.schedule(), d.schedule()))
                .decay(requireNonNullElse(sent.decay(), d.decay()))
                .weightDecay(requireNonNullElse(sent.weightDecay(), d.weightDecay()))
                .clipGradient(requireNonNullElse(sent.clipGradient(), d.clipGradient()))
                .patience(requireNonNullElse(sent.patience(), d.patience()))
                .seed(requireNonNullElse(sent.seed(), d.seed()))
                .trainLimit(requireNonNullElse(sent.trainLimit(), d.trainLimit()))
                .validationInTraining(requireNonNullElse(sent.validationInTraining(), Boolean.FALSE))
                .ensembleSize(requireNonNullElse(sent.ensembleSize(), d.ensembleSize()))
                .plan(requireNonNullElse(sent.plan(), Optional.empty()))
                .build();
    }

    /**
     * A default length in epochs (warm-up, momentum ramp) for a run of {@code epochs}: the configured
     * value at the default run length or longer, proportionally less for a shorter run, and at
     * least one epoch when the configured value is not zero. A 6-epoch run should not spend 5 of
     * them warming up.
     */
    static int scaled(int configured, int epochs, int defaultEpochs) {
        if (configured <= 0 || epochs >= defaultEpochs) {
            return configured;
        }
        return Math.max(1, (int) Math.round((double) configured * epochs / defaultEpochs));
    }
}
