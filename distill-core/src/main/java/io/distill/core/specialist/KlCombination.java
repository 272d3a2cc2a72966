package io.distill.core.specialist;

import java.util.List;

/**
 * The paper's combination of a generalist with its active specialists: the full distribution q that
 * minimises {@code KL(p_g || q) + sum_m KL(p_m || pool_m(q))}, where {@code pool_m} keeps q on the
 * specialist's classes S_m and pools the rest into its dustbin.
 *
 * <p>With q = softmax(z) the gradient of the objective is {@code M q - sum_m t_m(q)}, M being the
 * number of models, where t_m is p_m on S_m and, on each class c outside S_m, the dustbin mass
 * shared in proportion to q: {@code p_m(dustbin) q_c / sum_{o not in S_m} q_o} (for the generalist
 * t = p_g). Its zero is the fixed point {@code q = (1/M) sum_m t_m(q)}, which this class iterates.
 * The iteration is the EM algorithm for this objective, so the objective never increases; it stops
 * when no entry of q moves by more than the tolerance. With no active specialist, q = p_g.
 */
public final class KlCombination {

    /** The default stopping tolerance: the largest change of any probability in one iteration. */
    public static final double TOLERANCE = 1e-7;
    /** The default iteration cap. */
    public static final int MAX_ITERATIONS = 10_000;

    private KlCombination() {}

    /** One active specialist: its subset and its distribution over S plus dustbin. */
    public record Active(ClassSubset subset, double[] p) {

        public Active {
            if (p.length != subset.outputs()) {
                throw new IllegalArgumentException("A specialist for " + subset + " gave " + p.length
                        + " probabilities, expected " + subset.outputs() + ".");
            }
        }
    }

    /** The combined distribution, the iterations taken, and whether it met the tolerance. */
    public record Result(double[] q, int iterations, boolean converged) {}

    public static Result combine(double[] generalist, List<Active> specialists) {
        return combine(generalist, specialists, TOLERANCE, MAX_ITERATIONS);
    }

    public static Result combine(double[] generalist, List<Active> specialists, double tolerance, int maxIterations) {
        double[] q = generalist.clone();
        if (specialists.isEmpty()) {
            return new Result(q, 0, true);
        }
        // Start from p_g. A class outside every active subset only ever receives dustbin mass in
        // proportion to its q, so starting proportional to p_g makes that split right at once; a start
        // with other proportions converges at a rate near 1 when p_g is sure of S and a dustbin is not.
        // A class in an active subset receives its specialist's mass whatever q holds.
        int n = q.length;
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            double[] next = target(generalist, specialists, q);
            double change = 0;
            for (int c = 0; c < n; c++) {
                change = Math.max(change, Math.abs(next[c] - q[c]));
            }
            q = next;
            if (change <= tolerance) {
                return new Result(q, iteration, true);
            }
        }
        return new Result(q, maxIterations, false);
    }

    /** {@code (1/M) sum_m t_m(q)}: the fixed-point map, one EM step. */
    static double[] target(double[] generalist, List<Active> specialists, double[] q) {
        int n = q.length;
        double[] sum = generalist.clone();
        for (Active m : specialists) {
            double outside = 0;
            for (int c = 0; c < n; c++) {
                if (!m.subset().contains(c)) {
                    outside += q[c];
                }
            }
            double dustbin = m.p()[m.subset().dustbin()];
            for (int c = 0; c < n; c++) {
                int o = m.subset().output(c);
                sum[c] += o == m.subset().dustbin() ? (outside > 0 ? dustbin * q[c] / outside : 0) : m.p()[o];
            }
        }
        int models = specialists.size() + 1;
        for (int c = 0; c < n; c++) {
            sum[c] /= models;
        }
        return sum;
    }

    /** The objective {@code KL(p_g || q) + sum_m KL(p_m || pool_m(q))}. */
    public static double objective(double[] generalist, List<Active> specialists, double[] q) {
        double value = kl(generalist, q);
        for (Active m : specialists) {
            value += kl(m.p(), m.subset().pool(q));
        }
        return value;
    }

    /** The gradient of {@link #objective} with respect to the logits z of q = softmax(z). */
    public static double[] gradient(double[] generalist, List<Active> specialists, double[] q) {
        double[] t = target(generalist, specialists, q);
        int models = specialists.size() + 1;
        double[] g = new double[q.length];
        for (int c = 0; c < q.length; c++) {
            g[c] = models * (q[c] - t[c]);
        }
        return g;
    }

    /** {@code KL(p || q)}, with 0 log 0 = 0. */
    public static double kl(double[] p, double[] q) {
        double value = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                value += p[i] * Math.log(p[i] / q[i]);
            }
        }
        return value;
    }
}
