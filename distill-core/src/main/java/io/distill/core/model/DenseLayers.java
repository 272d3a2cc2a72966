package io.distill.core.model;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import io.distill.contract.requests.Architecture;
import java.util.ArrayList;
import java.util.List;

/** The dense end of both nets, {@code (linear -> ReLU -> [dropout])* -> linear}, added to a block in that order. */
final class DenseLayers {

    /** The hidden layers, whose rows max-norm bounds. */
    final List<Linear> hidden = new ArrayList<>();
    /** The output layer, which gives the logits. */
    final Linear output;

    DenseLayers(SequentialBlock block, Architecture architecture) {
        for (int width : architecture.hidden()) {
            Linear layer = Linear.builder().setUnits(width).build();
            hidden.add(layer);
            block.add(layer);
            block.add(Activation.reluBlock());
            if (architecture.hiddenDropout() > 0) {
                block.add(Dropout.builder().optRate((float) architecture.hiddenDropout()).build());
            }
        }
        output = Linear.builder().setUnits(architecture.outputs()).build();
        block.add(output);
    }
}
