package io.distill.contract.requests;

import io.distill.contract.datasets.InputShape;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A request's net, when it is more than the MLP that the request's top-level {@code hidden} stands for:
 * {@code {"type": "cnn", "conv": [{"filters": 32, "kernel": 3, "pool": 2}], "hidden": [128], "batchNorm": true}}.
 * Its size on the data set's images is checked once the data set is known ({@link #problems(InputShape)}).
 *
 * @param type      {@code mlp} or {@code cnn}
 * @param conv      a CNN's convolutions, in order
 * @param hidden    dense hidden layer widths; absent takes the service's default for the type
 * @param batchNorm a CNN's batch normalisation after each convolution; absent takes the service's default
 */
@CrossField
@Schema(description = "The net: an mlp, or a cnn with convolutions. Absent fields take the service's defaults.")
public record ArchitectureRequest(
        @NotNull ArchitectureType type,
        @Size(max = Bounds.MAX_LAYERS) List<@NotNull @Valid ConvLayer> conv,
        @Size(max = Bounds.MAX_LAYERS) List<@NotNull @Min(1) @Max(Bounds.MAX_WIDTH) Integer> hidden,
        Boolean batchNorm) implements CrossFieldChecked {

    public ArchitectureRequest {
        conv = conv == null ? null : List.copyOf(conv);
        hidden = hidden == null ? null : List.copyOf(hidden);
    }

    /** An MLP of {@code hidden} layers, as a request's shorthand {@code hidden} describes it. */
    public static ArchitectureRequest mlp(List<Integer> hidden) {
        return new ArchitectureRequest(ArchitectureType.MLP, null, hidden, null);
    }

    /** The problem of a request that gives both the shorthand {@code hidden} and an {@code architecture}. */
    public static List<FieldProblem> shorthandProblems(List<Integer> hidden, ArchitectureRequest architecture) {
        return hidden != null && architecture != null ? List.of(new FieldProblem("hidden", "and architecture are"
                + " both given; give hidden for an mlp, or architecture (with its own hidden), not both"))
                : List.of();
    }

    /**
     * A request's net with the service's defaults: {@code architecture} if given, else the MLP of the shorthand
     * {@code hidden}, else an MLP of {@code mlpHidden}; a CNN takes {@code cnnHidden} and {@code batchNorm} when
     * it does not say.
     */
    public static ArchitectureRequest complete(List<Integer> hidden, ArchitectureRequest architecture,
            List<Integer> mlpHidden, List<Integer> cnnHidden, boolean batchNorm) {
        if (architecture == null) {
            return mlp(hidden != null ? hidden : mlpHidden);
        }
        return architecture.withDefaults(architecture.type() == ArchitectureType.CNN ? cnnHidden : mlpHidden,
                batchNorm);
    }

    /**
     * The completed request's shorthand: an MLP's widths, so that a completed MLP request reads as it did before
     * {@code architecture} existed; null for any other net.
     */
    public List<Integer> shorthand() {
        return type == ArchitectureType.MLP ? hidden : null;
    }

    /** The completed request's {@code architecture}: null for an MLP, which {@link #shorthand} carries. */
    public ArchitectureRequest unlessShorthand() {
        return type == ArchitectureType.MLP ? null : this;
    }

    @Override
    public List<FieldProblem> crossFieldProblems() {
        List<FieldProblem> problems = new ArrayList<>();
        if (type == ArchitectureType.MLP) {
            if (conv != null && !conv.isEmpty()) {
                problems.add(new FieldProblem("conv", "holds " + conv.size() + " convolutions, but an mlp has none;"
                        + " use type cnn"));
            }
            if (Boolean.TRUE.equals(batchNorm)) {
                problems.add(new FieldProblem("batchNorm", "is true, but an mlp has no batch normalisation; use"
                        + " type cnn"));
            }
            if (hidden != null && hidden.isEmpty()) {
                problems.add(new FieldProblem("hidden", "is empty, but an mlp needs at least one hidden layer"));
            }
        } else if (type == ArchitectureType.CNN) {
            if (conv == null || conv.isEmpty()) {
                problems.add(new FieldProblem("conv", "is empty, but a cnn needs at least one convolution"));
            } else {
                for (int i = 0; i < conv.size(); i++) {
                    ConvLayer c = conv.get(i);
                    if (c != null && c.kernel() % 2 == 0) {
                        problems.add(new FieldProblem("conv[" + i + "].kernel", "is " + c.kernel()
                                + ", expected an odd size, so that same padding keeps the image's size"));
                    }
                }
            }
        }
        return problems;
    }

    /** The same net with {@code hidden} and {@code batchNorm} filled in where absent. */
    public ArchitectureRequest withDefaults(List<Integer> defaultHidden, boolean defaultBatchNorm) {
        return new ArchitectureRequest(type, conv == null ? List.of() : conv, hidden == null ? defaultHidden : hidden,
                type == ArchitectureType.CNN && (batchNorm == null ? defaultBatchNorm : batchNorm));
    }

    /**
     * What is wrong with this net over examples of {@code input}, blamed on {@code architecture} (a CNN on
     * vectors, a pool that shrinks the image below a pixel); empty when nothing is.
     */
    public List<FieldProblem> problems(InputShape input) {
        List<Integer> widths = hidden == null ? List.of(1) : hidden;
        return type.problems(input, conv == null ? List.of() : conv, widths, Boolean.TRUE.equals(batchNorm)).stream()
                .map(p -> new FieldProblem("architecture", p)).toList();
    }

    /** The net itself, over {@code input}, for {@code classes} classes, with the request's dropout rates. */
    public Architecture toArchitecture(InputShape input, int classes, double inputDropout, double hiddenDropout) {
        return ArchitectureBuilder.builder().type(type).input(input).conv(conv).hidden(hidden).outputs(classes)
                .inputDropout(inputDropout).hiddenDropout(hiddenDropout).batchNorm(Boolean.TRUE.equals(batchNorm))
                .build();
    }
}
