package io.distill.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import io.distill.contract.requests.Architecture;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What training, specialists and bias adjustment need from a net of any kind ({@link Mlp}, {@link Cnn}): its
 * architecture, its output layer and the weights a max-norm constraint bounds. It takes a batch of flattened
 * examples, {@code (B, features)}, and outputs logits.
 */
public interface Classifier extends Block {

    Architecture architecture();

    /** The output layer, whose rows a specialist copies from its generalist. */
    Linear outputLayer();

    /**
     * The weights whose rows (one per unit, its incoming weights) a max-norm constraint bounds, as in Hinton
     * et al. 2012: every dense hidden layer's, never the output layer's.
     */
    List<Parameter> maxNormWeights();

    /**
     * Adds {@code delta} to the output bias of each class in {@code classes}, in place. For a trained
     * model outside any trainer (a trainer's parameter store would write its own copy back).
     */
    default void addOutputBias(Set<Integer> classes, float delta) {
        NDArray bias = outputLayer().getParameters().get("bias").getArray();
        float[] values = bias.toFloatArray();
        for (int c : classes) {
            values[c] += delta;
        }
        bias.set(values);
    }

    /** The weight parameter of each of {@code layers}. */
    static List<Parameter> weightsOf(List<? extends Block> layers) {
        List<Parameter> weights = new ArrayList<>();
        for (Block layer : layers) {
            for (Pair<String, Parameter> p : layer.getParameters()) {
                if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                    weights.add(p.getValue());
                }
            }
        }
        return weights;
    }
}
