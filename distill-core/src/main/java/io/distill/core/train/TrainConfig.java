package io.distill.core.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;

/**
 * One training run's optimisation hyperparameters, saved next to the weights it produced.
 *
 * <p>Every field is checked here, so a bad value fails before any work starts, with a sentence
 * naming the field. Use {@link #builder()} for the defaults.
 *
 * @param epochs             passes over the training set
 * @param batchSize          examples per optimiser step
 * @param optimizer          {@code sgd} (with momentum) or {@code adam}
 * @param learningRate       peak learning rate, reached at the end of warm-up
 * @param momentum           SGD momentum at the start of training
 * @param finalMomentum      when set, SGD momentum rises linearly to this over {@code momentumRampEpochs}
 *                           (Hinton et al. 2012: 0.5 rising to 0.99); null keeps {@code momentum}
 * @param momentumRampEpochs epochs over which momentum rises to {@code finalMomentum}
 * @param warmupEpochs       epochs of linear learning-rate warm-up from zero
 * @param schedule           learning-rate decay after warm-up: {@code cosine}, {@code exponential} or {@code constant}
 * @param decay              with {@code exponential}, the factor applied each epoch (Hinton et al. 2012: 0.998)
 * @param weightDecay        L2 penalty folded into the update
 * @param maxNorm            bound on the L2 norm of each hidden unit's incoming weights; null turns it off
 * @param maxNorms           bounds per weight layer, in place of {@code maxNorm}: one for each hidden layer that
 *                           {@code maxNorm} bounds, in order, and optionally one more for the output layer's
 *                           units; null: {@code maxNorm} for every hidden layer
 * @param maxNormEvery       apply the bound after every this many steps (1: every step). On MXNet-CPU the
 *                           row norms cost about as much as a third of a 1200-1200 step, so a teacher may
 *                           trade exactness between applications for speed
 * @param clipGradient       bound on each gradient element; null turns it off
 * @param jitter             random translation of training images, up to this many pixels, fresh each epoch
 * @param seed               seed for initialisation, shuffling, jitter and dropout
 * @param patience           early stopping after this many epochs without a better validation error; null: off
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record TrainConfig(
        int epochs,
        int batchSize,
        String optimizer,
        double learningRate,
        double momentum,
        Double finalMomentum,
        int momentumRampEpochs,
        int warmupEpochs,
        String schedule,
        double decay,
        double weightDecay,
        Double maxNorm,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> maxNorms,
        int maxNormEvery,
        Double clipGradient,
        int jitter,
        long seed,
        Integer patience) {

    public static final String SGD = "sgd";
    public static final String ADAM = "adam";
    public static final String COSINE = "cosine";
    public static final String EXPONENTIAL = "exponential";
    public static final String CONSTANT = "constant";

    public TrainConfig {
        optimizer = optimizer == null ? SGD : optimizer.toLowerCase(Locale.ROOT);
        schedule = schedule == null ? COSINE : schedule.toLowerCase(Locale.ROOT);
        require(epochs > 0, "epochs", epochs, "a positive number of epochs");
        require(batchSize > 0, "batchSize", batchSize, "a positive batch size");
        require(optimizer.equals(SGD) || optimizer.equals(ADAM), "optimizer", optimizer, "sgd or adam");
        require(learningRate > 0 && Double.isFinite(learningRate), "learningRate", learningRate, "a positive rate");
        require(momentum >= 0 && momentum < 1, "momentum", momentum, "a value in [0, 1)");
        require(finalMomentum == null || (finalMomentum >= 0 && finalMomentum < 1),
                "finalMomentum", finalMomentum, "a value in [0, 1) or null");
        require(momentumRampEpochs >= 0, "momentumRampEpochs", momentumRampEpochs, "0 or more epochs");
        require(warmupEpochs >= 0 && warmupEpochs < epochs, "warmupEpochs", warmupEpochs,
                "0 or more epochs, fewer than epochs (" + epochs + ")");
        require(schedule.equals(COSINE) || schedule.equals(EXPONENTIAL) || schedule.equals(CONSTANT),
                "schedule", schedule, "cosine, exponential or constant");
        require(decay > 0 && decay <= 1, "decay", decay, "a factor in (0, 1]");
        require(weightDecay >= 0, "weightDecay", weightDecay, "0 or more");
        require(maxNorm == null || maxNorm > 0, "maxNorm", maxNorm, "a positive bound or null");
        maxNorms = maxNorms == null ? null : List.copyOf(maxNorms);
        require(maxNorms == null || (!maxNorms.isEmpty() && maxNorms.stream().allMatch(b -> b > 0)), "maxNorms",
                maxNorms, "positive bounds, one per layer, or null");
        require(maxNormEvery > 0, "maxNormEvery", maxNormEvery, "a positive number of steps");
        require(clipGradient == null || clipGradient > 0, "clipGradient", clipGradient, "a positive bound or null");
        require(jitter >= 0, "jitter", jitter, "0 or more pixels");
        require(patience == null || patience > 0, "patience", patience, "a positive number of epochs or null");
    }

    private static void require(boolean ok, String field, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(field + " is " + value + ", expected " + expected + ".");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        return new Builder().epochs(epochs).batchSize(batchSize).optimizer(optimizer).learningRate(learningRate)
                .momentum(momentum).finalMomentum(finalMomentum).momentumRampEpochs(momentumRampEpochs)
                .warmupEpochs(warmupEpochs).schedule(schedule).decay(decay).weightDecay(weightDecay)
                .maxNorm(maxNorm).maxNorms(maxNorms).maxNormEvery(maxNormEvery).clipGradient(clipGradient).jitter(jitter).seed(seed).patience(patience);
    }

    /** Builds a {@link TrainConfig}; the defaults are a plain, safe SGD run. */
    public static final class Builder {
        private int epochs = 10;
        private int batchSize = 128;
        private String optimizer = SGD;
        private double learningRate = 0.1;
        private double momentum = 0.9;
        private Double finalMomentum;
        private int momentumRampEpochs;
        private int warmupEpochs;
        private String schedule = COSINE;
        private double decay = 1.0;
        private double weightDecay;
        private Double maxNorm;
        private List<Double> maxNorms;
        private int maxNormEvery = 1;
        private Double clipGradient;
        private int jitter;
        private long seed = 1;
        private Integer patience;

        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder optimizer(String v) { optimizer = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder momentum(double v) { momentum = v; return this; }
        public Builder finalMomentum(Double v) { finalMomentum = v; return this; }
        public Builder momentumRampEpochs(int v) { momentumRampEpochs = v; return this; }
        public Builder warmupEpochs(int v) { warmupEpochs = v; return this; }
        public Builder schedule(String v) { schedule = v; return this; }
        public Builder decay(double v) { decay = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder maxNorm(Double v) { maxNorm = v; return this; }
        public Builder maxNorms(List<Double> v) { maxNorms = v; return this; }
        public Builder maxNormEvery(int v) { maxNormEvery = v; return this; }
        public Builder clipGradient(Double v) { clipGradient = v; return this; }
        public Builder jitter(int v) { jitter = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder patience(Integer v) { patience = v; return this; }

        public TrainConfig build() {
            return new TrainConfig(epochs, batchSize, optimizer, learningRate, momentum, finalMomentum,
                    momentumRampEpochs, warmupEpochs, schedule, decay, weightDecay, maxNorm, maxNorms, maxNormEvery, clipGradient,
                    jitter, seed, patience);
        }
    }
}
