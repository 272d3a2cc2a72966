package io.distill.core.model;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link Classifier}'s layers, run in order. Outside training it passes over its dropout layers: there they
 * hand their input on unchanged, yet MXNet's operator still writes a copy of it, an array as large as the
 * layer's output for every batch. The logits are bit for bit the same without them (docs/benchmarks.md has
 * what it saves).
 */
abstract class LayerSequence extends SequentialBlock implements Classifier {

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (training) {
            return super.forwardInternal(parameterStore, inputs, true, params);
        }
        NDList current = inputs;
        for (Block layer : getChildren().values()) {
            if (!(layer instanceof Dropout)) {
                current = layer.forward(parameterStore, current, false);
            }
        }
        return current;
    }
}
