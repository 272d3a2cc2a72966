package io.distill.contract.requests;

import io.distill.contract.records.Builder;
import java.util.List;

/**
 * How an ONNX classifier takes its input and what it outputs: what a model trained elsewhere needs said about
 * it before it can teach. A value v of an example (a pixel 0-255, or a raw feature) reaches the model as
 * {@code (v / divisor - mean[c]) / std[c]}, c its channel (its feature, for vectors), laid out as
 * {@code layout} says; its outputs become logits as {@code outputs} says.
 *
 * @param layout  {@code nchw} (batch, channels, height, width), {@code nhwc} (batch, height, width, channels)
 *                or {@code flat} (batch, values in channel, row, column order)
 * @param divisor what every value is divided by first: 255 for pixels scaled to [0, 1], 1 (the default) for
 *                raw values
 * @param mean    per-channel means subtracted next (one value for all channels, or one per channel); empty: none
 * @param std     per-channel deviations divided by last, as {@code mean}; empty: none
 * @param outputs whether the model outputs logits, probabilities (taken as their logarithm, which a softmax
 *                at any temperature treats as logits) or log-probabilities
 */
@Builder
public record InputForm(InputLayout layout, Double divisor, List<Double> mean, List<Double> std, ModelOutputs outputs)
        implements InputFormBuilder.With {

    /** What a model distill exported takes: the raw values, channels first; it scales them itself. */
    public static final InputForm EXPORTED = new InputForm(InputLayout.NCHW, 1.0, List.of(), List.of(),
            ModelOutputs.LOGITS);

    public InputForm {
        layout = layout == null ? InputLayout.NCHW : layout;
        outputs = outputs == null ? ModelOutputs.LOGITS : outputs;
        divisor = divisor == null ? 1.0 : divisor;
        mean = mean == null ? List.of() : List.copyOf(mean);
        std = std == null ? List.of() : List.copyOf(std);
        if (!(divisor > 0) || Double.isInfinite(divisor)) {
            throw new IllegalArgumentException("divisor is " + divisor + ", expected a positive number.");
        }
        for (double s : std) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("std holds " + s + ", expected positive deviations.");
            }
        }
    }

    /** Value {@code v} of channel {@code c} as the model takes it. */
    public float scale(float v, int c) {
        double x = v / divisor;
        if (!mean.isEmpty()) {
            x -= mean.get(mean.size() == 1 ? 0 : c);
        }
        if (!std.isEmpty()) {
            x /= std.get(std.size() == 1 ? 0 : c);
        }
        return (float) x;
    }

    /** Whether values reach the model unchanged. */
    public boolean isIdentity() {
        return divisor == 1 && mean.isEmpty() && std.isEmpty();
    }
}
