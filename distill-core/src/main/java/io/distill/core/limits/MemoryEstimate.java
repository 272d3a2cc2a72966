package io.distill.core.limits;

import io.distill.contract.requests.Architecture;
import java.util.Locale;

/**
 * Upper bounds on the memory one model takes while it trains or infers, from its shape alone.
 *
 * <p>MXNet holds every array outside the Java heap as float32, {@value #FLOAT_BYTES} bytes a value.
 * A net that trains holds its weights, their gradients, the optimiser's state (SGD's velocity, or
 * Adam's two moments) and one more array of its size: the trainer's copy, or the random draws it
 * was initialised from, which the allocator keeps: {@value #SGD_COPIES} or {@value #ADAM_COPIES}
 * arrays of its size. A loaded net holds its weights, the gradient arrays DJL attaches when it
 * initialises a block, and the arrays read from the file before they replace those:
 * {@value #LOADED_COPIES}. Saving or loading copies each layer through a native buffer and a
 * {@code byte[]}, one at a time, so the largest layer counts once more on each side. One training
 * step holds, per unit of every layer (the inputs and outputs included) and per example, at most
 * {@value #TRAINING_FLOATS_PER_UNIT} floats: the layer's output, its ReLU, the dropout output and
 * mask, the soft targets, and a gradient of each; scoring runs forward passes of
 * {@value #SCORING_BATCH} examples with {@value #INFERENCE_FLOATS_PER_UNIT} floats a unit (input,
 * linear, ReLU). A CNN's units are the values of its feature maps, per example (see {@link #units}).
 * Each job also gets {@link #ENGINE_SLACK_BYTES} for what MXNet and the allocator
 * keep beyond the arrays. MeasuredMemoryTest checks these against what a fresh process really takes.
 */
public final class MemoryEstimate {

    /** Bytes of a float32. */
    public static final int FLOAT_BYTES = 4;
    /** Arrays of the net's size while it trains with SGD. */
    public static final int SGD_COPIES = 4;
    /** Arrays of the net's size while it trains with Adam: one more moment than SGD. */
    public static final int ADAM_COPIES = 5;
    /** Arrays of the net's size while it is loaded from an artifact. */
    public static final int LOADED_COPIES = 3;
    /** Floats one unit holds for one example in a training step, forward and backward. */
    public static final int TRAINING_FLOATS_PER_UNIT = 10;
    /** Floats one unit holds for one example in a forward pass without gradients. */
    public static final int INFERENCE_FLOATS_PER_UNIT = 3;
    /** Examples per forward pass when a model is scored (validation, test, a transfer set's logits). */
    public static final int SCORING_BATCH = 1_000;
    /** Examples whose logits a model's scoring keeps on the heap at once: the test and validation splits. */
    public static final int SCORED_EXAMPLES = 15_000;
    /**
     * Native bytes a job takes beyond its arrays: MXNet's workspace, what the allocator keeps of freed
     * temporaries, the JVM's compiler at work. Measured: the paper's teacher training at batch 100
     * grows a fresh process by 100-105 MB, about 23 MB over its arrays and activations.
     */
    public static final long ENGINE_SLACK_BYTES = 64L << 20;

    private MemoryEstimate() {}

    /**
     * A net training with batches of {@code batchSize}: its arrays and the engine's slack (blamed on
     * {@code modelField}, which sets the shape) and its activations (blamed on {@code batchField}).
     */
    public static MemoryNeed training(Architecture net, int batchSize, boolean adam, String modelField,
            String batchField) {
        requirePositive("batchSize", batchSize);
        long parameters = net.parameterCount();
        int copies = adam ? ADAM_COPIES : SGD_COPIES;
        long arrays = bytes(copies * parameters + largestLayer(net)) + ENGINE_SLACK_BYTES;
        long activations = bytes(Math.max((long) TRAINING_FLOATS_PER_UNIT * batchSize,
                (long) INFERENCE_FLOATS_PER_UNIT * SCORING_BATCH) * units(net));
        // The batch is built on the heap (pixels, labels, soft targets) before it is copied to MXNet.
        long batchHeap = bytes((long) batchSize * (net.inputs() + net.outputs() + 1));
        long scoredHeap = bytes((long) SCORED_EXAMPLES * net.outputs() + largestLayer(net));
        return MemoryNeed.of(
                new MemoryNeed.Part(modelField, String.format(Locale.ROOT, "%s training with %s: %,d parameters"
                        + " held %d times over", net.label(), adam ? "adam" : "sgd", parameters, copies), arrays,
                        scoredHeap),
                new MemoryNeed.Part(batchField, String.format(Locale.ROOT, "%s's activations and gradients for a"
                        + " batch of %,d", net.label(), batchSize), activations, batchHeap));
    }

    /** A trained net loaded for forward passes of {@code batchSize} examples, blamed on {@code field}. */
    public static MemoryNeed inference(Architecture net, int batchSize, String field) {
        return loaded(net, field).plus(forward(net, batchSize, field));
    }

    /** A trained net's arrays once loaded, without any pass: what stays while others run theirs. */
    public static MemoryNeed loaded(Architecture net, String field) {
        long parameters = net.parameterCount();
        return MemoryNeed.of(new MemoryNeed.Part(field, String.format(Locale.ROOT, "%s loaded: %,d parameters"
                + " held %d times over", net.label(), parameters, LOADED_COPIES),
                bytes(LOADED_COPIES * parameters + largestLayer(net)), bytes(largestLayer(net))));
    }

    /** Forward passes of {@code batchSize} examples without gradients, the engine's slack, and the logits. */
    public static MemoryNeed forward(Architecture net, int batchSize, String field) {
        requirePositive("batchSize", batchSize);
        return MemoryNeed.of(new MemoryNeed.Part(field, String.format(Locale.ROOT,
                "%s's forward passes of %,d examples", net.label(), batchSize),
                bytes((long) INFERENCE_FLOATS_PER_UNIT * batchSize * units(net)) + ENGINE_SLACK_BYTES,
                bytes((long) batchSize * (net.inputs() + net.outputs()))));
    }

    /**
     * Units of every layer, the inputs and the outputs included: for a convolution, each value of its
     * feature maps, and of the pooled maps when it pools (a batch norm's output is covered by the floats a
     * unit is given, which allow for a dropout's output and mask that a convolution does not have).
     */
    public static long units(Architecture net) {
        return net.inputs() + net.layers().stream().mapToLong(Architecture.Layer::outputs).sum();
    }

    /** The parameters of the largest layer (a convolution with its batch norm, or a dense layer), in values. */
    public static long largestLayer(Architecture net) {
        return net.layers().stream().mapToLong(Architecture.Layer::parameters).max().orElse(0);
    }

    /** {@code values} float32 values in bytes. */
    static long bytes(long values) {
        return MemoryNeed.saturatedMultiply(values, FLOAT_BYTES);
    }

    static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " is " + value + ", expected a positive number of examples.");
        }
    }
}
