package io.distill.core.specialist;

/**
 * The covariance matrix of a model's predicted class probabilities over a set of examples: the
 * paper's measure of which classes the generalist confuses. No true labels are involved.
 */
public final class ClassCovariance {

    private ClassCovariance() {}

    /** Row-wise softmax of {@code logits} ({@code classes} per example), in double precision. */
    public static double[] probabilities(float[] logits, int classes) {
        double[] p = new double[logits.length];
        for (int offset = 0; offset < logits.length; offset += classes) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, logits[offset + k]);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                p[offset + k] = Math.exp(logits[offset + k] - max);
                sum += p[offset + k];
            }
            for (int k = 0; k < classes; k++) {
                p[offset + k] /= sum;
            }
        }
        return p;
    }

    /** The {@code classes x classes} covariance of the softmax of {@code logits}, over the examples. */
    public static double[][] of(float[] logits, int classes) {
        if (classes < 2 || logits.length == 0 || logits.length % classes != 0) {
            throw new IllegalArgumentException("Got " + logits.length + " logits for " + classes
                    + " classes, expected a positive multiple of the class count.");
        }
        double[] p = probabilities(logits, classes);
        int n = logits.length / classes;
        double[] mean = new double[classes];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < classes; k++) {
                mean[k] += p[i * classes + k] / n;
            }
        }
        double[][] cov = new double[classes][classes];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < classes; a++) {
                double da = p[i * classes + a] - mean[a];
                for (int b = a; b < classes; b++) {
                    cov[a][b] += da * (p[i * classes + b] - mean[b]);
                }
            }
        }
        for (int a = 0; a < classes; a++) {
            for (int b = a; b < classes; b++) {
                cov[a][b] /= n;
                cov[b][a] = cov[a][b];
            }
        }
        return cov;
    }
}
