package io.distill.core.specialist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KlCombinationTest {

    @Test
    void withNoActiveSpecialistQIsTheGeneralist() {
        double[] pg = {0.7, 0.2, 0.1};
        KlCombination.Result r = KlCombination.combine(pg, List.of());
        assertThat(r.q()).containsExactly(pg);
        assertThat(r.iterations()).isZero();
    }

    @Test
    void whenEveryModelCoversEveryClassQIsTheArithmeticMean() {
        ClassSubset all = new ClassSubset(List.of(0, 1, 2, 3), 4);
        double[] pg = {0.1, 0.2, 0.3, 0.4};
        double[] a = {0.4, 0.3, 0.2, 0.1, 0};
        double[] b = {0.25, 0.25, 0.0, 0.5, 0};
        KlCombination.Result r = KlCombination.combine(pg,
                List.of(new KlCombination.Active(all, a), new KlCombination.Active(all, b)));
        assertThat(r.converged()).isTrue();
        for (int c = 0; c < 4; c++) {
            assertThat(r.q()[c]).isCloseTo((pg[c] + a[c] + b[c]) / 3, within(1e-12));
        }
    }

    @Test
    void dustbinPoolingMatchesAHandComputedFourClassCase() {
        ClassSubset s = new ClassSubset(List.of(0, 1), 4);
        assertThat(s.pool(new double[] {0.1, 0.2, 0.3, 0.4})).containsExactly(new double[] {0.1, 0.2, 0.7},
                within(1e-12));
        // p_g uniform, specialist (0.5, 0.1 | dustbin 0.4). The fixed point q = (p_g + t)/2 gives
        // q0 = (0.25 + 0.5)/2, q1 = (0.25 + 0.1)/2, and by symmetry q2 = q3 = (0.25 + 0.4/2)/2.
        KlCombination.Result r = KlCombination.combine(new double[] {0.25, 0.25, 0.25, 0.25},
                List.of(new KlCombination.Active(s, new double[] {0.5, 0.1, 0.4})));
        assertThat(r.q()).containsExactly(new double[] {0.375, 0.175, 0.225, 0.225}, within(1e-6));
    }

    @Test
    void qIsADistributionWithZeroGradientAndTheObjectiveNeverIncreases() {
        Random random = new Random(3);
        for (int trial = 0; trial < 20; trial++) {
            double[] pg = randomDistribution(random, 10);
            List<KlCombination.Active> active = List.of(
                    new KlCombination.Active(new ClassSubset(List.of(2, 4, 6), 10), randomDistribution(random, 4)),
                    new KlCombination.Active(new ClassSubset(List.of(4, 5), 10), randomDistribution(random, 3)),
                    new KlCombination.Active(new ClassSubset(List.of(0, 9, 8, 7), 10), randomDistribution(random, 5)));

            double previous = Double.POSITIVE_INFINITY;
            for (int steps = 1; steps <= 40; steps++) {
                double[] q = KlCombination.combine(pg, active, 0, steps).q();
                double objective = KlCombination.objective(pg, active, q);
                assertThat(objective).isLessThanOrEqualTo(previous + 1e-12);
                previous = objective;
            }
            KlCombination.Result r = KlCombination.combine(pg, active);
            assertThat(r.converged()).isTrue();
            assertThat(java.util.Arrays.stream(r.q()).allMatch(v -> v >= 0 && v <= 1)).isTrue();
            assertThat(sum(r.q())).isCloseTo(1.0, within(1e-9));
            for (double g : KlCombination.gradient(pg, active, r.q())) {
                assertThat(g).isCloseTo(0.0, within(1e-5));
            }
            // A small step in any direction of z does not lower the objective: a minimum, not a saddle.
            double best = KlCombination.objective(pg, active, r.q());
            for (int c = 0; c < 10; c++) {
                for (double eps : new double[] {1e-3, -1e-3}) {
                    assertThat(KlCombination.objective(pg, active, nudge(r.q(), c, eps))).isGreaterThan(best - 1e-9);
                }
            }
        }
    }

    @Test
    void aConfidentGeneralistWithADoubtfulSpecialistConvergesAndSharesTheDustbinLikeTheClosedForm() {
        // One specialist: q_i = (p_g,i + p_m,i)/2 on S and q_c = p_g,c Q / G_out outside, Q = (G_out + p_D)/2.
        ClassSubset s = new ClassSubset(List.of(0, 1), 5);
        double[] pg = {0.6, 0.3999, 0.00005, 0.00003, 0.00002};
        double[] pm = {0.3, 0.2, 0.5};
        KlCombination.Result r = KlCombination.combine(pg, List.of(new KlCombination.Active(s, pm)));

        assertThat(r.converged()).isTrue();
        assertThat(r.iterations()).isLessThan(100);
        double outside = 0.0001;
        double q = (outside + 0.5) / 2;
        assertThat(r.q()).containsExactly(new double[] {0.45, 0.29995, 0.00005 * q / outside, 0.00003 * q / outside,
            0.00002 * q / outside}, within(1e-9));
    }

    @Test
    void overlappingSpecialistsWithSureDustbinsStillConvergeWithinTheCap() {
        Random random = new Random(5);
        for (int trial = 0; trial < 50; trial++) {
            double[] pg = randomDistribution(random, 10);
            List<KlCombination.Active> active = List.of(
                    new KlCombination.Active(new ClassSubset(List.of(1, 2, 3), 10), randomDistribution(random, 4)),
                    new KlCombination.Active(new ClassSubset(List.of(3, 4), 10), randomDistribution(random, 3)),
                    new KlCombination.Active(new ClassSubset(List.of(2, 4, 9), 10), randomDistribution(random, 4)));

            assertThat(KlCombination.combine(pg, active).converged()).isTrue();
        }
    }

    @Test
    void restrictedLogitsAtTemperatureGiveThePooledSoftTargets() {
        ClassSubset s = new ClassSubset(List.of(1, 3), 5);
        float[] z = {2f, -1f, 0.5f, 3f, 1f};
        double t = 4;
        float[] scaled = new float[5];
        for (int i = 0; i < 5; i++) {
            scaled[i] = (float) (z[i] / t);
        }
        double[] pooled = s.pool(ClassCovariance.probabilities(scaled, 5));
        float[] restricted = s.restrictLogits(z, 0, t);
        float[] restrictedScaled = new float[3];
        for (int i = 0; i < 3; i++) {
            restrictedScaled[i] = (float) (restricted[i] / t);
        }
        assertThat(ClassCovariance.probabilities(restrictedScaled, 3)).containsExactly(pooled, within(1e-6));
    }

    private static double[] nudge(double[] q, int c, double eps) {
        double[] z = new double[q.length];
        double total = 0;
        for (int i = 0; i < q.length; i++) {
            z[i] = Math.log(q[i]) + (i == c ? eps : 0);
            total += Math.exp(z[i]);
        }
        for (int i = 0; i < q.length; i++) {
            z[i] = Math.exp(z[i]) / total;
        }
        return z;
    }

    private static double[] randomDistribution(Random random, int n) {
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(4 * random.nextGaussian());
        }
        double total = sum(p);
        for (int i = 0; i < n; i++) {
            p[i] /= total;
        }
        return p;
    }

    private static double sum(double[] p) {
        double total = 0;
        for (double v : p) {
            total += v;
        }
        return total;
    }
}
