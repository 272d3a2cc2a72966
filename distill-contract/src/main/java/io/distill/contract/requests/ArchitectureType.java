package io.distill.contract.requests;

import com.fasterxml.jackson.annotation.JsonValue;
import io.distill.contract.datasets.InputShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The kinds of net, each with the rules its shape must keep and the label it goes by. Adding a kind is
 * adding a constant here and its block in distill-core's {@code Models}.
 */
public enum ArchitectureType {
    /** The paper's multilayer perceptron over the flattened input: no convolutions, no batch norm. */
    MLP {
        @Override
        List<String> problems(InputShape input, List<ConvLayer> conv, List<Integer> hidden, boolean batchNorm) {
            List<String> problems = new ArrayList<>();
            if (!conv.isEmpty()) {
                problems.add("An mlp has no convolutions, but conv holds " + conv.size() + "; use type cnn.");
            }
            if (batchNorm) {
                problems.add("An mlp has no batch normalisation, but batchNorm is true; use type cnn.");
            }
            if (hidden.isEmpty()) {
                problems.add("hidden is empty, expected at least one hidden layer width.");
            }
            return problems;
        }

        @Override
        String label(Architecture net) {
            return net.input().features() + denseLabel(net);
        }
    },
    /** Convolutions over an image, each with ReLU, optional batch norm and max-pool; then dense layers. */
    CNN {
        @Override
        List<String> problems(InputShape input, List<ConvLayer> conv, List<Integer> hidden, boolean batchNorm) {
            List<String> problems = new ArrayList<>();
            if (!input.isImage()) {
                problems.add("A cnn needs an image input [channels, height, width], but the input is a vector of "
                        + input.features() + " features.");
            }
            if (conv.isEmpty()) {
                problems.add("A cnn needs at least one convolution in conv, but conv is empty; use type mlp"
                        + " for a net without any.");
            }
            for (int i = 0; i < conv.size(); i++) {
                problems.addAll(conv.get(i).problems("conv[" + i + "]"));
            }
            if (problems.isEmpty()) {
                int height = input.height();
                int width = input.width();
                for (int i = 0; i < conv.size(); i++) {
                    int pool = conv.get(i).pool();
                    if (pool > height || pool > width) {
                        problems.add("conv[" + i + "].pool is " + pool + ", but the image is " + height + "x" + width
                                + " by then, so pooling would shrink a side below 1 pixel; pool less.");
                        break;
                    }
                    height /= pool;
                    width /= pool;
                }
            }
            return problems;
        }

        @Override
        String label(Architecture net) {
            StringBuilder sb = new StringBuilder(net.input().label());
            net.conv().forEach(c -> sb.append('-').append(c.label()));
            return sb.append(denseLabel(net)).append(net.batchNorm() ? "+bn" : "").toString();
        }
    };

    /** The name in JSON, lower case. */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * What is wrong with a net of this kind over {@code input}, each problem a full sentence; empty when
     * nothing is. Widths, output count and dropout rates are checked by {@link Architecture} for every kind.
     */
    abstract List<String> problems(InputShape input, List<ConvLayer> conv, List<Integer> hidden, boolean batchNorm);

    /** The net's name: {@code 784-1200-1200-10}, or {@code 1x28x28-c32k3p2-c64k3p2-128-10+bn}. */
    abstract String label(Architecture net);

    private static String denseLabel(Architecture net) {
        StringBuilder sb = new StringBuilder();
        net.hidden().forEach(h -> sb.append('-').append(h));
        return sb.append('-').append(net.outputs()).toString();
    }
}
