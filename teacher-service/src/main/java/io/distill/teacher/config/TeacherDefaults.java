package io.distill.teacher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * The defaults of {@code POST /teachers}: the paper's teacher (Hinton et al. 2012's recipe) and a
 * schedule that fits a 2-core machine. A deployment or a test profile may change them.
 */
@ConfigMapping(prefix = "distill.teacher")
public interface TeacherDefaults {

    /** Hidden layer widths: the paper's 784-1200-1200-10. */
    @WithDefault("1200,1200")
    List<Integer> hidden();

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

    /** {@code sgd} or {@code adam}. */
    @WithDefault("sgd")
    String optimizer();

    /** Peak learning rate, after warm-up, decaying by the schedule. */
    @WithDefault("0.1")
    double learningRate();

    /** SGD momentum at the start; it rises linearly to {@link #finalMomentum()}. */
    @WithDefault("0.5")
    double momentum();

    /** Momentum at the end of the ramp, as in Hinton et al. 2012. */
    @WithDefault("0.95")
    double finalMomentum();

    /** Epochs over which momentum rises from {@link #momentum()} to {@link #finalMomentum()}. */
    @WithDefault("45")
    int momentumRampEpochs();

    /** Epochs of linear warm-up. */
    @WithDefault("5")
    int warmupEpochs();

    /** {@code cosine}, {@code exponential} or {@code constant}. */
    @WithDefault("cosine")
    String schedule();

    /** Only the first N training examples; unset means the whole training split. */
    Optional<Integer> trainLimit();
}
