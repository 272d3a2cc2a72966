package io.distill.core.data;

/**
 * Per-feature standardisation of float32 sets: each value less its feature's training mean, over its
 * training standard deviation. A feature that never varies in training (a border pixel of a digit, say)
 * keeps a deviation of 1, so it stays finite and carries nothing.
 */
final class Standardisation {

    private static final double FLOOR = 1e-6;

    private Standardisation() {}

    /** The mean and standard deviation of each feature of {@code train}, as {@code {mean, std}}. */
    static float[][] moments(ExampleSet train) {
        int f = train.features();
        double[] sum = new double[f];
        double[] squares = new double[f];
        float[] row = new float[f];
        for (int i = 0; i < train.size(); i++) {
            train.copyFloats(i, row);
            for (int j = 0; j < f; j++) {
                sum[j] += row[j];
                squares[j] += (double) row[j] * row[j];
            }
        }
        float[] mean = new float[f];
        float[] std = new float[f];
        for (int j = 0; j < f; j++) {
            double m = sum[j] / train.size();
            double variance = Math.max(0, squares[j] / train.size() - m * m);
            mean[j] = (float) m;
            std[j] = (float) (Math.sqrt(variance) < FLOOR ? 1 : Math.sqrt(variance));
        }
        return new float[][] {mean, std};
    }

    /** Standardises {@code values} (examples of {@code mean.length} features) in place, and returns them. */
    static float[] apply(float[] values, float[] mean, float[] std) {
        int f = mean.length;
        for (int i = 0; i < values.length; i++) {
            values[i] = (values[i] - mean[i % f]) / std[i % f];
        }
        return values;
    }
}
