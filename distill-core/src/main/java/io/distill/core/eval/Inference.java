package io.distill.core.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import io.distill.core.data.BatchedDataset;
import io.distill.core.data.ExampleSet;
import io.distill.core.data.PixelScaling;

/** Batched forward passes of a trained block in inference mode (no dropout). */
public final class Inference {

    private Inference() {}

    /** The block's logits for every image of {@code images}, {@code outputs} floats per image, in order. */
    public static float[] logits(Block block, NDManager manager, ExampleSet images, int batchSize) {
        BatchedDataset data = BatchedDataset.builder(images).batchSize(batchSize).scaling(PixelScaling.UNIT).build();
        float[] out = null;
        int filled = 0;
        try (NDManager scope = manager.newSubManager()) {
            ParameterStore parameters = new ParameterStore(scope, false);
            for (Batch batch : data.getData(scope)) {
                try (batch) {
                    NDArray logits = block.forward(parameters, batch.getData(), false).singletonOrThrow();
                    float[] values = logits.toFloatArray();
                    if (out == null) {
                        out = new float[images.size() * (values.length / batch.getSize())];
                    }
                    System.arraycopy(values, 0, out, filled, values.length);
                    filled += values.length;
                }
            }
        }
        return out == null ? new float[0] : out;
    }
}
