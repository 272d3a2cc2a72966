package io.distill.core.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.ArchitectureType;
import io.distill.contract.requests.ConvLayer;
import java.util.List;

/**
 * A convolutional net: {@code reshape to (B, C, H, W) -> [dropout] -> (conv -> [batch norm] -> ReLU ->
 * [max-pool])* -> flatten -> (linear -> ReLU -> [dropout])* -> linear}.
 *
 * <p>It takes the same flattened batches {@code (B, features)} as an {@link Mlp} and outputs logits. Each
 * convolution has stride 1 and same padding; with batch norm it has no bias, which the norm's shift replaces.
 * Input dropout acts on the pixels, hidden dropout after each dense hidden layer only: dropping a
 * convolution's outputs would drop whole positions of a feature map, which helps little. The max-norm
 * constraint bounds the dense hidden layers' rows, as in the MLP, not the filters: batch norm undoes the
 * scale of a filter, and a filter's norm would need a bound of its own.
 */
public final class Cnn extends LayerSequence {

    private final Architecture architecture;
    private final List<Linear> hiddenLayers;
    private final Linear outputLayer;

    public Cnn(Architecture architecture) {
        if (architecture.type() != ArchitectureType.CNN) {
            throw new IllegalArgumentException("Architecture " + architecture.label() + " is a "
                    + architecture.type().value() + ", expected a cnn.");
        }
        this.architecture = architecture;
        InputShape input = architecture.input();
        int channels = input.channels();
        int height = input.height();
        int width = input.width();
        add(LambdaBlock.singleton(x -> x.reshape(-1, channels, height, width), "image"));
        if (architecture.inputDropout() > 0) {
            add(Dropout.builder().optRate((float) architecture.inputDropout()).build());
        }
        for (ConvLayer conv : architecture.conv()) {
            int k = conv.kernel();
            add(Conv2d.builder().setFilters(conv.filters()).setKernelShape(new Shape(k, k))
                    .optPadding(new Shape(k / 2, k / 2)).optBias(!architecture.batchNorm()).build());
            if (architecture.batchNorm()) {
                add(BatchNorm.builder().build());
            }
            add(Activation.reluBlock());
            if (conv.pool() > 1) {
                add(Pool.maxPool2dBlock(new Shape(conv.pool(), conv.pool()), new Shape(conv.pool(), conv.pool())));
            }
        }
        add(Blocks.batchFlattenBlock());
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

    /** The weight parameter of every dense hidden layer; the filters are not bounded (see the class comment). */
    @Override
    public List<Parameter> maxNormWeights() {
        return Classifier.weightsOf(hiddenLayers);
    }
}
