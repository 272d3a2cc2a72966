package io.distill.contract.requests;

import java.util.List;

/**
 * The shape of a feed-forward classifier: {@code inputs - hidden... - outputs}, ReLU, with dropout.
 *
 * @param inputs        input features (784 for 28x28 images)
 * @param hidden        hidden layer widths, for example [1200, 1200] for the paper's teacher
 * @param outputs       output classes
 * @param inputDropout  dropout rate on the inputs while training, in [0, 1)
 * @param hiddenDropout dropout rate after each hidden layer while training, in [0, 1)
 */
public record Architecture(int inputs, List<Integer> hidden, int outputs, double inputDropout, double hiddenDropout) {

    public Architecture {
        hidden = hidden == null ? null : List.copyOf(hidden);
        if (inputs <= 0) {
            throw new IllegalArgumentException("inputs is " + inputs + ", expected a positive number of features.");
        }
        if (hidden == null || hidden.isEmpty()) {
            throw new IllegalArgumentException("hidden is empty, expected at least one hidden layer width.");
        }
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
    }

    /** The same net without dropout. */
    public static Architecture plain(int inputs, List<Integer> hidden, int outputs) {
        return new Architecture(inputs, hidden, outputs, 0, 0);
    }

    /** The same net with a different output layer width (a specialist's classes plus its dustbin). */
    public Architecture withOutputs(int newOutputs) {
        return new Architecture(inputs, hidden, newOutputs, inputDropout, hiddenDropout);
    }

    /** Weights and biases in all layers. */
    public long parameterCount() {
        long count = 0;
        int fanIn = inputs;
        for (int width : hidden) {
            count += (long) fanIn * width + width;
            fanIn = width;
        }
        return count + (long) fanIn * outputs + outputs;
    }

    /** The name the paper would give it, for example 784-1200-1200-10. */
    public String label() {
        StringBuilder sb = new StringBuilder().append(inputs);
        hidden.forEach(h -> sb.append('-').append(h));
        return sb.append('-').append(outputs).toString();
    }

    private static void checkRate(String field, double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(field + " is " + rate + ", expected a rate in [0, 1).");
        }
    }
}
