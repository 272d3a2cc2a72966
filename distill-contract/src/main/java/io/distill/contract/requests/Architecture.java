package io.distill.contract.requests;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.records.Builder;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a classifier: the paper's MLP ({@code inputs - hidden... - outputs}, ReLU, with dropout), or
 * a CNN (convolutions over an image, then the same dense layers). Made with {@link #mlp} or
 * {@code ArchitectureBuilder}. JSON written before CNNs existed, {@code {"inputs": 784, "hidden": [...],
 * "outputs": 10, ...}}, still reads, as an MLP over a vector of {@code inputs} features.
 *
 * @param type          the kind of net, whose rules its shape keeps
 * @param input         one example's shape; an MLP takes its {@code features()} flattened, a CNN needs an image
 * @param conv          a CNN's convolutions, in order; empty for an MLP
 * @param hidden        dense hidden layer widths, for example [1200, 1200] for the paper's teacher
 * @param outputs       output classes
 * @param inputDropout  dropout rate on the inputs while training, in [0, 1)
 * @param hiddenDropout dropout rate after each dense hidden layer while training, in [0, 1)
 * @param batchNorm     a CNN's batch normalisation after each convolution; false for an MLP
 */
@Builder
public record Architecture(
        ArchitectureType type,
        InputShape input,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ConvLayer> conv,
        List<Integer> hidden,
        int outputs,
        double inputDropout,
        double hiddenDropout,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean batchNorm) implements ArchitectureBuilder.With {

    /**
     * One layer's size: a convolution (with its batch norm and pooling), a dense hidden layer or the output.
     *
     * @param parameters every value it holds: weights, biases, a batch norm's scale, shift and running statistics
     * @param outputs    values it outputs per example; a pooled convolution counts its output and the pooled one
     * @param flops      forward floating-point operations per example: twice its multiply-adds
     */
    public record Layer(long parameters, long outputs, long flops) {}

    public Architecture {
        if (type == null) {
            throw new IllegalArgumentException("type is missing, expected mlp or cnn.");
        }
        if (input == null) {
            throw new IllegalArgumentException("input is missing, expected the shape of one example.");
        }
        conv = conv == null ? List.of() : List.copyOf(conv);
        hidden = hidden == null ? List.of() : List.copyOf(hidden);
        for (int width : hidden) {
            if (width <= 0) {
                throw new IllegalArgumentException("hidden holds " + width + ", expected positive layer widths.");
            }
        }
        if (outputs < 2) {
            throw new IllegalArgumentException("outputs is " + outputs + ", expected at least 2 classes.");
        }
        checkRate("inputDropout", inputDropout);
        checkRate("hiddenDropout", hiddenDropout);
        List<String> problems = type.problems(input, conv, hidden, batchNorm);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(" ", problems));
        }
    }

    /** The paper's MLP over {@code inputs} features. */
    public static Architecture mlp(int inputs, List<Integer> hidden, int outputs, double inputDropout,
            double hiddenDropout) {
        if (inputs <= 0) {
            throw new IllegalArgumentException("inputs is " + inputs + ", expected a positive number of features.");
        }
        return ArchitectureBuilder.builder().type(ArchitectureType.MLP).input(InputShape.vector(inputs))
                .hidden(hidden).outputs(outputs).inputDropout(inputDropout).hiddenDropout(hiddenDropout).build();
    }

    /** The MLP without dropout. */
    public static Architecture plain(int inputs, List<Integer> hidden, int outputs) {
        return mlp(inputs, hidden, outputs, 0, 0);
    }

    /** Reads this record, or the MLP of JSON written before {@code type} and {@code input} existed. */
    @JsonCreator
    static Architecture read(@JsonProperty("type") ArchitectureType type, @JsonProperty("input") InputShape input,
            @JsonProperty("inputs") Integer inputs, @JsonProperty("conv") List<ConvLayer> conv,
            @JsonProperty("hidden") List<Integer> hidden, @JsonProperty("outputs") Integer outputs,
            @JsonProperty("inputDropout") Double inputDropout, @JsonProperty("hiddenDropout") Double hiddenDropout,
            @JsonProperty("batchNorm") Boolean batchNorm) {
        if (input == null && inputs != null) {
            if (inputs <= 0) {
                throw new IllegalArgumentException("inputs is " + inputs + ", expected a positive number of features.");
            }
            input = InputShape.vector(inputs);
        } else if (input != null && inputs != null && inputs != input.features()) {
            throw new IllegalArgumentException("inputs is " + inputs + ", but input " + input.label() + " has "
                    + input.features() + " features.");
        }
        return ArchitectureBuilder.builder().type(type == null ? ArchitectureType.MLP : type).input(input).conv(conv)
                .hidden(hidden).outputs(outputs == null ? 0 : outputs)
                .inputDropout(inputDropout == null ? 0 : inputDropout)
                .hiddenDropout(hiddenDropout == null ? 0 : hiddenDropout)
                .batchNorm(batchNorm != null && batchNorm).build();
    }

    /** Input values per example, flattened; written to JSON too, for readers from before {@code input}. */
    @JsonProperty("inputs")
    public int inputs() {
        return input.features();
    }

    /**
     * Every layer with parameters, in order: each convolution, each dense hidden layer, the output. A
     * convolution keeps the image's size; its pool divides each side, rounding down.
     */
    public List<Layer> layers() {
        List<Layer> layers = new ArrayList<>();
        int channels = type == ArchitectureType.CNN ? input.channels() : 0;
        int height = type == ArchitectureType.CNN ? input.height() : 0;
        int width = type == ArchitectureType.CNN ? input.width() : 0;
        for (ConvLayer c : conv) {
            long pixels = (long) height * width;
            long weights = (long) c.filters() * channels * c.kernel() * c.kernel();
            long pooled = c.pool() > 1 ? (long) c.filters() * (height / c.pool()) * (width / c.pool()) : 0;
            layers.add(new Layer(weights + (batchNorm ? 4L : 1L) * c.filters(), c.filters() * pixels + pooled,
                    2 * weights * pixels));
            channels = c.filters();
            height /= c.pool();
            width /= c.pool();
        }
        long fanIn = conv.isEmpty() ? input.features() : (long) channels * height * width;
        for (int units : hidden) {
            layers.add(new Layer(fanIn * units + units, units, 2 * fanIn * units));
            fanIn = units;
        }
        layers.add(new Layer(fanIn * outputs + outputs, outputs, 2 * fanIn * outputs));
        return layers;
    }

    /** Weights, biases and batch-norm statistics in all layers. */
    public long parameterCount() {
        return layers().stream().mapToLong(Layer::parameters).sum();
    }

    /** Floating-point operations of one example's forward pass: the multiply-adds of every layer, twice. */
    public long forwardFlops() {
        return layers().stream().mapToLong(Layer::flops).sum();
    }

    /** The net's name: for an MLP the paper's, such as 784-1200-1200-10; for a CNN 1x28x28-c32k3p2-128-10. */
    public String label() {
        return type.label(this);
    }

    private static void checkRate(String field, double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(field + " is " + rate + ", expected a rate in [0, 1).");
        }
    }
}
