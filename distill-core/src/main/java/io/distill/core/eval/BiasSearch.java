package io.distill.core.eval;

import io.distill.core.data.ExampleSet;
import java.util.Set;

/**
 * Chooses how much to raise the output biases of classes a student never saw in its transfer set
 * (the paper's section 3: with all 3s omitted, raising the 3 bias by 3.5 fixed most 3 errors).
 *
 * <p>Raising the missing classes' biases by b is the same, for the softmax, as lowering every
 * present class's bias by b, which is how the paper describes the "only 7s and 8s" case; one search
 * serves both. It looks only at the logits and labels it is given: the caller passes the
 * validation split, never the test split.
 */
public final class BiasSearch {

    /** The search grid: 0 to {@code MAX} in steps of {@code STEP}. */
    public static final double MAX = 20.0;
    public static final double STEP = 0.1;

    private BiasSearch() {}

    /** The bias with the fewest errors on {@code images}; ties go to the smallest bias. */
    public static double choose(float[] logits, ExampleSet images, Set<Integer> missing) {
        double best = 0;
        int bestErrors = errors(logits, images, missing, 0);
        for (int step = 1; step * STEP <= MAX + 1e-9; step++) {
            double bias = step * STEP;
            int e = errors(logits, images, missing, bias);
            if (e < bestErrors) {
                best = bias;
                bestErrors = e;
            }
        }
        return Math.round(best * 10) / 10.0;
    }

    /** The logits with {@code bias} added to each missing class, a copy. */
    public static float[] apply(float[] logits, int classes, Set<Integer> missing, double bias) {
        float[] out = logits.clone();
        for (int offset = 0; offset < out.length; offset += classes) {
            for (int c : missing) {
                out[offset + c] += (float) bias;
            }
        }
        return out;
    }

    /** Errors on {@code images} once {@code bias} is added to the missing classes. */
    public static int errors(float[] logits, ExampleSet images, Set<Integer> missing, double bias) {
        int classes = images.classes();
        int errors = 0;
        for (int i = 0; i < images.size(); i++) {
            int offset = i * classes;
            int predicted = 0;
            double top = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                double v = logits[offset + k] + (missing.contains(k) ? bias : 0);
                if (v > top) {
                    top = v;
                    predicted = k;
                }
            }
            if (predicted != images.label(i)) {
                errors++;
            }
        }
        return errors;
    }
}
