package io.distill.core.model;

import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.ArchitectureType;
import java.util.List;

/**
 * The paper's multilayer perceptron: {@code [dropout] -> (linear -> ReLU -> [dropout])* -> linear}.
 *
 * <p>It outputs logits. Dropout acts only while training. {@link #maxNormWeights()} names the weights
 * a max-norm constraint applies to: each hidden unit's incoming weight vector, as in Hinton et al. 2012.
 */
public final class Mlp extends LayerSequence {

    private final Architecture architecture;
    private final List<Linear> hiddenLayers;
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
        DenseLayers dense = new DenseLayers(this, architecture);
        hiddenLayers = dense.hidden;
        outputLayer = dense.output;
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
