package io.distill.contract.metrics;

/**
 * How a classifier did on one labelled set.
 *
 * @param errors          misclassified examples
 * @param total           examples evaluated
 * @param perClassErrors  errors among the examples of each true class
 * @param confusion       {@code confusion[true][predicted]} counts
 * @param loss            mean softmax cross-entropy on the true labels
 */
public record EvalResult(int errors, int total, int[] perClassErrors, int[][] confusion, double loss) {

    /** The error rate, errors / total. */
    public double errorRate() {
        return total == 0 ? 0 : (double) errors / total;
    }
}
