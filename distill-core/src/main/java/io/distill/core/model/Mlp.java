package io.distill.core.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.ArchitectureType;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's multilayer perceptron: {@code [dropout] -> (linear -> ReLU -> [dropout])* -> linear}.
 *
 * <p>It outputs logits. Dropout acts only while training. {@link #maxNormWeights()} names the weights
 * a max-norm constraint applies to: each hidden unit's incoming weight vector, as in Hinton et al. 2012.
 */
public final class Mlp extends SequentialBlock implements Classifier {

    private final Architecture architecture;
    private final List<Linear> hiddenLayers = new ArrayList<>();
    private final Linear outputLayer;

    public Mlp(Architecture architecture) {
        if (architecture.type() != ArchitectureType.MLP) {
            throw new IllegalArgumentException("Architecture " + architecture.label() + " is a "
                    + architecture.type().value() + ", expected an mlp.");
        }
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

    @Override
    public Architecture architecture() {
        return architecture;
    }

    @Override
    public Linear outputLayer() {
        return outputLayer;
    }

    /** The weight parameter of every hidden layer. */
    @Override
    public List<Parameter> maxNormWeights() {
        return Classifier.weightsOf(hiddenLayers);
    }
}
