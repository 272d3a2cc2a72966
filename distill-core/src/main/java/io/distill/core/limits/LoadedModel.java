package io.distill.core.limits;

import io.distill.contract.requests.Architecture;
import java.util.Locale;

/**
 * A model held in memory for forward passes: what stays while it is loaded, and what one of its passes adds.
 * A job that loads several runs one pass at a time, so it needs every {@code loaded} but only the widest
 * {@code forward}.
 *
 * @param loaded  the model's arrays once loaded
 * @param forward one forward pass of a batch, with the engine's slack
 */
public record LoadedModel(MemoryNeed loaded, MemoryNeed.Part forward) {

    /** A net trained here, run by MXNet over batches of {@code batchSize}; its shape is set by {@code field}. */
    public static LoadedModel of(Architecture net, int batchSize, String field) {
        return new LoadedModel(MemoryEstimate.loaded(net, field),
                MemoryEstimate.forward(net, batchSize, field).parts().get(0));
    }

    /**
     * A model imported as ONNX, {@code modelBytes} long, run by ONNX Runtime over batches of {@code batchSize}
     * examples of {@code inputs} values scored over {@code classes}. Its weights are held
     * {@value MemoryEstimate#LOADED_COPIES} times over as a trained net's are (the file read, the session's
     * initializers, the engine's own layout of them). The activations inside a graph built elsewhere are not
     * known before it runs: a pass counts its input and output, held {@value MemoryEstimate#INFERENCE_FLOATS_PER_UNIT}
     * times over, and the engine's slack.
     */
    public static LoadedModel imported(long modelBytes, int inputs, int classes, int batchSize, String field) {
        MemoryEstimate.requirePositive("batchSize", batchSize);
        long io = (long) batchSize * (inputs + classes);
        return new LoadedModel(MemoryNeed.of(new MemoryNeed.Part(field, String.format(Locale.ROOT,
                "an imported ONNX model loaded: %,d bytes held %d times over", modelBytes,
                MemoryEstimate.LOADED_COPIES), MemoryNeed.saturatedMultiply(MemoryEstimate.LOADED_COPIES, modelBytes),
                modelBytes)),
                new MemoryNeed.Part(field, String.format(Locale.ROOT, "an imported ONNX model's forward passes of %,d"
                        + " examples", batchSize), MemoryEstimate.bytes(MemoryEstimate.INFERENCE_FLOATS_PER_UNIT * io)
                        + MemoryEstimate.ENGINE_SLACK_BYTES, MemoryEstimate.bytes(io)));
    }
}
