package io.distill.core.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * SGD with a momentum schedule, or Adam, followed by a max-norm constraint on chosen weights.
 *
 * <p>The constraint must live here. DJL's parameter store keeps its own copy of each weight and
 * writes it back over the model after every step, so clipping a model weight in place outside the
 * optimiser is silently undone at the next step. Inside {@link #update} the array is the store's own.
 *
 * <p>MXNet calls {@link #update} from a native callback, and JNA drops whatever a callback throws:
 * a failing update would leave the weights untouched while training seemed to run. So a failure is
 * kept and rethrown by {@link #checkUpdates()}, which the training loop calls after every step.
 */
public final class ConstrainedOptimizer extends Optimizer {

    private final TrainConfig config;
    private final Schedule schedule;
    private final Set<String> constrainedIds;
    private final Optimizer adam;
    private final Map<String, Map<Device, NDArray>> velocity = new ConcurrentHashMap<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    /**
     * @param constrainedIds ids of the parameters whose rows (one per unit) the max-norm bounds
     */
    public ConstrainedOptimizer(TrainConfig config, Schedule schedule, Set<String> constrainedIds) {
        super(baseBuilder(config));
        this.config = config;
        this.schedule = schedule;
        this.constrainedIds = Set.copyOf(constrainedIds);
        this.adam = TrainConfig.ADAM.equals(config.optimizer()) ? adamFor(config, schedule) : null;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        try {
            step(parameterId, weight, grad);
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Throws the first failure of an update since the last call, if any. */
    public void checkUpdates() {
        RuntimeException e = failure.getAndSet(null);
        if (e != null) {
            throw new IllegalStateException("The optimizer could not update the weights: " + e.getMessage(), e);
        }
    }

    private void step(String parameterId, NDArray weight, NDArray grad) {
        long step = schedule.runStep(updateCount(parameterId));
        if (adam != null) {
            adam.update(parameterId, weight, grad);
        } else {
            float momentum = (float) schedule.momentum(step);
            // MXNet's plain sgd_update (chosen when momentum is 0) takes no velocity input.
            NDList inputs = momentum == 0 ? new NDList(weight, grad)
                    : new NDList(weight, grad, withDefaultState(velocity, parameterId, weight.getDevice(),
                            k -> weight.zerosLike()));
            weight.getNDArrayInternal().sgdUpdate(inputs, new NDList(weight),
                    (float) schedule.learningRate(step), getWeightDecay(), rescaleGrad, clipGrad, momentum, true);
        }
        boolean due = (step + 1) % config.maxNormEvery() == 0;
        if (config.maxNorm() != null && due && constrainedIds.contains(parameterId)) {
            applyMaxNorm(weight, config.maxNorm().floatValue());
        }
    }

    /** Scales each row of {@code weight} (one unit's incoming weights) down to norm at most {@code bound}. */
    static void applyMaxNorm(NDArray weight, float bound) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray norms = weight.square().sum(new int[] {1}, true).sqrt();
            // A row already inside the bound gets factor 1; a longer one is shrunk onto it.
            weight.muli(norms.maximum(bound).pow(-1).muli(bound));
        }
    }

    private static Builder baseBuilder(TrainConfig config) {
        Builder b = new Builder().optWeightDecays((float) config.weightDecay());
        if (config.clipGradient() != null) {
            b.optClipGrad(config.clipGradient().floatValue());
        }
        return b;
    }

    private static Optimizer adamFor(TrainConfig config, Schedule schedule) {
        Adam.Builder b = Adam.builder().optLearningRateTracker(schedule)
                .optWeightDecays((float) config.weightDecay());
        if (config.clipGradient() != null) {
            b.optClipGrad(config.clipGradient().floatValue());
        }
        return b.build();
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
