package io.distill.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.ArchitectureBuilder;
import io.distill.contract.requests.ArchitectureType;
import io.distill.contract.requests.ConvLayer;
import io.distill.core.testing.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Outside training a net passes over its dropout layers and gives the logits running every layer gives. */
class LayerSequenceTest {

    @Test
    void anMlpsLogitsWithoutItsDropoutLayersAreBitForBitThoseOfEveryLayer() {
        assertSkippingDropoutChangesNothing(Architecture.mlp(784, List.of(64, 64), 10, 0.2, 0.5));
    }

    @Test
    void aCnnsLogitsWithoutItsDropoutLayersAreBitForBitThoseOfEveryLayer() {
        assertSkippingDropoutChangesNothing(ArchitectureBuilder.builder().type(ArchitectureType.CNN)
                .input(InputShape.MNIST).conv(List.of(new ConvLayer(4, 3, 2))).hidden(List.of(16)).outputs(10)
                .batchNorm(true).inputDropout(0.2).hiddenDropout(0.5).build());
    }

    private static void assertSkippingDropoutChangesNothing(Architecture architecture) {
        Engine engine = TestData.engine();
        try (Model model = Models.create("net", architecture, engine, engine.defaultDevice(), 3);
                NDManager scope = model.getNDManager().newSubManager()) {
            Block net = model.getBlock();
            assertThat(net.getChildren().values()).hasAtLeastOneElementOfType(Dropout.class);
            ParameterStore parameters = new ParameterStore(scope, false);
            NDList images = new NDList(scope.randomUniform(0, 1, new Shape(32, 784)));

            float[] skipping = net.forward(parameters, images, false).singletonOrThrow().toFloatArray();
            NDList everyLayer = images;
            for (Block layer : net.getChildren().values()) {
                everyLayer = layer.forward(parameters, everyLayer, false);
            }
            float[] training;
            try (GradientCollector collector = engine.newGradientCollector()) {
                training = net.forward(parameters, images, true).singletonOrThrow().toFloatArray();
            }

            assertThat(skipping).containsExactly(everyLayer.singletonOrThrow().toFloatArray());
            assertThat(training).as("dropout still acts while training").isNotEqualTo(skipping);
        }
    }
}
