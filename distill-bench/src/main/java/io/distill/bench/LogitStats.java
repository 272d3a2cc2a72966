package io.distill.bench;

import io.distill.core.data.ExampleSet;
import io.distill.core.eval.Evaluation;

/**
 * Statistics of logits for {@link DistillProbe}, ten classes per example, row-major: how far a
 * student's are from a teacher's, how large each loss term's gradient is, and how soft a teacher's are.
 */
final class LogitStats {

    private LogitStats() {}

    /** Root mean square difference of per-example mean-centred logits: what high-T matching minimises. */
    static double centredRmse(float[] a, float[] b) {
        double sum = 0;
        int n = a.length / 10;
        for (int i = 0; i < n; i++) {
            double ma = 0;
            double mb = 0;
            for (int k = 0; k < 10; k++) {
                ma += a[i * 10 + k];
                mb += b[i * 10 + k];
            }
            ma /= 10;
            mb /= 10;
            for (int k = 0; k < 10; k++) {
                double d = (a[i * 10 + k] - ma) - (b[i * 10 + k] - mb);
                sum += d * d;
            }
        }
        return Math.sqrt(sum / a.length);
    }

    /**
     * Root mean square over examples and classes of the T²-scaled soft term's gradient with respect
     * to the student's logits, T·(p_i − q_i) at temperature T, before its weight.
     */
    static double softGradientRms(float[] student, float[] teacher, double temperature) {
        double sum = 0;
        for (int i = 0; i < student.length / 10; i++) {
            double[] p = softmax(student, i * 10, temperature);
            double[] q = softmax(teacher, i * 10, temperature);
            for (int k = 0; k < 10; k++) {
                sum += Math.pow(temperature * (p[k] - q[k]), 2);
            }
        }
        return Math.sqrt(sum / student.length);
    }

    /** The same for cross-entropy on the labels: p_i − y_i at T = 1, before its weight. */
    static double hardGradientRms(float[] student, ExampleSet images) {
        double sum = 0;
        for (int i = 0; i < student.length / 10; i++) {
            double[] p = softmax(student, i * 10, 1);
            for (int k = 0; k < 10; k++) {
                sum += Math.pow(p[k] - (k == images.label(i) ? 1 : 0), 2);
            }
        }
        return Math.sqrt(sum / student.length);
    }

    private static double[] softmax(float[] z, int offset, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 10; k++) {
            max = Math.max(max, z[offset + k] / temperature);
        }
        double[] p = new double[10];
        double total = 0;
        for (int k = 0; k < 10; k++) {
            p[k] = Math.exp(z[offset + k] / temperature - max);
            total += p[k];
        }
        for (int k = 0; k < 10; k++) {
            p[k] /= total;
        }
        return p;
    }

    /** Examples on which both put the same class on top. */
    static int agreement(float[] a, float[] b) {
        int same = 0;
        for (int i = 0; i < a.length / 10; i++) {
            if (Evaluation.argMax(a, i * 10, 10) == Evaluation.argMax(b, i * 10, 10)) {
                same++;
            }
        }
        return same;
    }

    static double meanGap(float[] z) {
        double sum = 0;
        for (int i = 0; i < z.length / 10; i++) {
            float first = Float.NEGATIVE_INFINITY;
            float second = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < 10; k++) {
                float v = z[i * 10 + k];
                if (v > first) {
                    second = first;
                    first = v;
                } else if (v > second) {
                    second = v;
                }
            }
            sum += first - second;
        }
        return sum / (z.length / 10);
    }

    /** The spread of the nine non-top logits: the "dark knowledge" a high temperature exposes. */
    static double wrongClassSd(float[] z) {
        double sum = 0;
        for (int i = 0; i < z.length / 10; i++) {
            int top = Evaluation.argMax(z, i * 10, 10);
            double mean = 0;
            for (int k = 0; k < 10; k++) {
                mean += k == top ? 0 : z[i * 10 + k];
            }
            mean /= 9;
            double var = 0;
            for (int k = 0; k < 10; k++) {
                var += k == top ? 0 : Math.pow(z[i * 10 + k] - mean, 2);
            }
            sum += Math.sqrt(var / 9);
        }
        return sum / (z.length / 10);
    }

    static double entropy(float[] z, double temperature) {
        double sum = 0;
        float[] scaled = new float[10];
        for (int i = 0; i < z.length / 10; i++) {
            for (int k = 0; k < 10; k++) {
                scaled[k] = (float) (z[i * 10 + k] / temperature);
            }
            double lse = Evaluation.logSumExp(scaled, 0, 10);
            for (int k = 0; k < 10; k++) {
                double logP = scaled[k] - lse;
                sum -= Math.exp(logP) * logP;
            }
        }
        return sum / (z.length / 10);
    }
}
