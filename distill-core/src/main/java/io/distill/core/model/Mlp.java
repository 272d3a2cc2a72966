package io.distill.core.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.util.Pair;
import io.distill.contract.requests.Architecture;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's multilayer perceptron: {@code [dropout] -> (linear -> ReLU -> [dropout])* -> linear}.
 *
 * <p>It outputs logits. Dropout acts only while training. {@link #hiddenWeights()} names the weights
 * a max-norm constraint applies to: each hidden unit's incoming weight vector, as in Hinton et al. 2012.
 */
public final class Mlp extends SequentialBlock {

    private final Architecture architecture;
    private final List<Linear> hiddenLayers = new ArrayList<>();
    private final Linear outputLayer;

    public Mlp(Architecture architecture) {
        this.architecture = architecture;
        if (architecture.inputDropout() > 0) {
            add(Dropout.builder().optRate((float) architecture.inputDropout()).build());
        }
        for (int width : architecture.hidden()) {
            Linear layer = Linear.builder().setUnits(width).build();
            hiddenLayers.add(layer);
            add(layer);
            add(Activation.reluBlock());
            if (architecture.hiddenDropout() > 0) {
                add(Dropout.builder().optRate((float) architecture.hiddenDropout()).build());
            }
        }
        outputLayer = Linear.builder().setUnits(architecture.outputs()).build();
        add(outputLayer);
    }

    public Architecture architecture() {
        return architecture;
    }

    /** The output layer, whose rows a specialist copies from its generalist. */
    public Linear outputLayer() {
        return outputLayer;
    }

    /**
     * Adds {@code delta} to the output bias of each class in {@code classes}, in place. For a trained
     * model outside any trainer (a trainer's parameter store would write its own copy back).
     */
    public void addOutputBias(java.util.Set<Integer> classes, float delta) {
        ai.djl.ndarray.NDArray bias = outputLayer.getParameters().get("bias").getArray();
        float[] values = bias.toFloatArray();
        for (int c : classes) {
            values[c] += delta;
        }
        bias.set(values);
    }

    /** The weight parameter of every hidden layer. */
    public List<Parameter> hiddenWeights() {
        List<Parameter> weights = new ArrayList<>();
        for (Block layer : hiddenLayers) {
            for (Pair<String, Parameter> p : layer.getParameters()) {
                if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                    weights.add(p.getValue());
                }
            }
        }
        return weights;
    }
}
