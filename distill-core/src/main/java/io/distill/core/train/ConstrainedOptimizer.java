package io.distill.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SGD with a momentum schedule, or Adam, followed by a max-norm constraint on chosen weights.
 *
 * <p>{@link #step(List)} updates the model's own weights in place, each from its gradient, which is
 * the update DJL's trainer makes through MXNet's key-value store, without the store's copies: the
 * store keeps its own copy of every weight, takes a copy of each gradient and copies the updated
 * weight back over the model's, three more passes over the weights a step than the update itself.
 *
 * <p>Its state (SGD's velocity, or Adam's two moments) and Adam's bias correction follow the run's
 * step, not this process's update count, so a run resumed with {@link #restore} takes the very steps
 * the uninterrupted run would have taken. Closing it frees that state.
 */
public final class ConstrainedOptimizer extends Optimizer implements AutoCloseable {

    /** The state's names, after the parameter's: SGD's velocity and Adam's first and second moments. */
    static final String VELOCITY = "velocity";
    static final String MEAN = "mean";
    static final String VARIANCE = "variance";

    private static final float ADAM_BETA1 = 0.9f;
    private static final float ADAM_BETA2 = 0.999f;
    private static final float ADAM_EPSILON = 1e-8f;

    private final TrainConfig config;
    private final StepSchedule schedule;
    private final Map<String, Float> bounds;
    private final boolean adam;
    /** Moment name to parameter id to array, on the weights' device. */
    private final Map<String, Map<String, NDArray>> state = new ConcurrentHashMap<>();

    /**
     * @param bounds the max-norm bound of each parameter whose rows (one per unit) it bounds, by parameter id
     */
    public ConstrainedOptimizer(TrainConfig config, StepSchedule schedule, Map<String, Float> bounds) {
        super(baseBuilder(config));
        this.config = config;
        this.schedule = schedule;
        this.bounds = Map.copyOf(bounds);
        this.adam = TrainConfig.ADAM.equals(config.optimizer());
    }

    /** The parameters a step updates: {@code block}'s that take a gradient, in the block's order. */
    public static List<Parameter> trainable(Block block) {
        return block.getParameters().values().stream().filter(Parameter::requiresGradient).toList();
    }

    /**
     * One training step: updates each of the {@link #trainable} parameters in place from the
     * gradient the last backward pass left on it.
     */
    public void step(List<Parameter> trainable) {
        for (Parameter parameter : trainable) {
            NDArray weight = parameter.getArray();
            try (NDArray grad = weight.getGradient()) {
                update(parameter.getId(), weight, grad);
            }
        }
    }

    /**
     * The state to save with a checkpoint: one array per parameter and moment, named
     * {@code <parameter name>/<moment>} after {@code block}'s parameter names (ids differ per process).
     */
    public NDList state(Block block) {
        NDList list = new NDList();
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            state.forEach((moment, arrays) -> {
                NDArray array = arrays.get(parameter.getValue().getId());
                if (array != null) {
                    array.setName(parameter.getKey() + "/" + moment);
                    list.add(array);
                }
            });
        }
        return list;
    }

    /**
     * Continues from {@code saved}, as {@link #state} gave it for a block of the same architecture:
     * each parameter's next update starts from its saved moments. Takes ownership of the arrays.
     */
    public void restore(Block block, NDList saved) {
        Map<String, String> ids = new HashMap<>();
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            ids.put(parameter.getKey(), parameter.getValue().getId());
        }
        for (NDArray array : saved) {
            String name = array.getName() == null ? "" : array.getName();
            int slash = name.lastIndexOf('/');
            String id = slash < 0 ? null : ids.get(name.substring(0, slash));
            String moment = slash < 0 ? "" : name.substring(slash + 1);
            if (id == null || !Set.of(VELOCITY, MEAN, VARIANCE).contains(moment)) {
                throw new IllegalArgumentException("Optimizer state '" + name + "' names no moment of a parameter"
                        + " of this block; expected <parameter>/velocity, /mean or /variance for one of "
                        + ids.keySet() + ".");
            }
            NDArray old = moments(moment).put(id, array);
            if (old != null && old != array) {
                old.close();
            }
        }
    }

    @Override
    public void close() {
        state.values().forEach(arrays -> arrays.values().forEach(NDArray::close));
        state.clear();
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        long step = schedule.runStep(updateCount(parameterId));
        float learningRate = (float) schedule.learningRate(step);
        if (adam) {
            // Bias correction by the run's step count, so that a resumed run does not warm up again.
            long t = step + 1;
            double corrected = learningRate * Math.sqrt(1.0 - Math.pow(ADAM_BETA2, t))
                    / (1.0 - Math.pow(ADAM_BETA1, t));
            NDList inputs = new NDList(weight, grad, moment(MEAN, parameterId, weight),
                    moment(VARIANCE, parameterId, weight));
            weight.getNDArrayInternal().adamUpdate(inputs, new NDList(weight), learningRate, (float) corrected,
                    getWeightDecay(), rescaleGrad, clipGrad, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, true, false);
        } else {
            float momentum = (float) schedule.momentum(step);
            // MXNet's plain sgd_update (chosen when momentum is 0) takes no velocity input.
            NDList inputs = momentum == 0 ? new NDList(weight, grad)
                    : new NDList(weight, grad, moment(VELOCITY, parameterId, weight));
            weight.getNDArrayInternal().sgdUpdate(inputs, new NDList(weight), learningRate, getWeightDecay(),
                    rescaleGrad, clipGrad, momentum, true);
        }
        boolean due = (step + 1) % config.maxNormEvery() == 0;
        Float bound = bounds.get(parameterId);
        if (bound != null && due) {
            applyMaxNorm(weight, bound);
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

    private Map<String, NDArray> moments(String moment) {
        return state.computeIfAbsent(moment, k -> new ConcurrentHashMap<>());
    }

    /** A parameter's moment, zero at its first update. */
    private NDArray moment(String moment, String parameterId, NDArray weight) {
        return moments(moment).computeIfAbsent(parameterId, k -> {
            NDArray zeros = weight.zerosLike();
            // The weight's manager is closed when the update returns; the state must outlive it.
            zeros.detach();
            return zeros;
        });
    }

    private static Builder baseBuilder(TrainConfig config) {
        Builder b = new Builder().optWeightDecays((float) config.weightDecay());
        if (config.clipGradient() != null) {
            b.optClipGrad(config.clipGradient().floatValue());
        }
        return b;
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
