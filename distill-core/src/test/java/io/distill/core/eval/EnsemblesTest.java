package io.distill.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnsemblesTest {

    private static final float[] A = {2f, 0f, -1f};
    private static final float[] B = {-1f, 3f, 0.5f};

    @Test
    void arithmeticIsTheLogOfTheMeanProbability() {
        float[] combined = Ensembles.combine(List.of(A, B), 3, Ensembles.ARITHMETIC);

        double[] pa = softmax(A);
        double[] pb = softmax(B);
        for (int k = 0; k < 3; k++) {
            assertThat((double) combined[k]).isCloseTo(Math.log((pa[k] + pb[k]) / 2), within(1e-6));
        }
    }

    @Test
    void geometricIsTheRenormalisedMeanOfLogProbabilities() {
        float[] combined = Ensembles.combine(List.of(A, B), 3, Ensembles.GEOMETRIC);

        double[] pa = softmax(A);
        double[] pb = softmax(B);
        double[] g = new double[3];
        double z = 0;
        for (int k = 0; k < 3; k++) {
            g[k] = Math.sqrt(pa[k] * pb[k]);
            z += g[k];
        }
        double total = 0;
        for (int k = 0; k < 3; k++) {
            assertThat((double) combined[k]).isCloseTo(Math.log(g[k] / z), within(1e-6));
            total += Math.exp(combined[k]);
        }
        assertThat(total).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void aSingleMemberKeepsItsDistribution() {
        float[] combined = Ensembles.combine(List.of(A), 3, Ensembles.ARITHMETIC);
        double[] pa = softmax(A);
        for (int k = 0; k < 3; k++) {
            assertThat(Math.exp(combined[k])).isCloseTo(pa[k], within(1e-6));
        }
    }

    private static double[] softmax(float[] z) {
        double max = Math.max(z[0], Math.max(z[1], z[2]));
        double[] p = new double[z.length];
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < z.length; k++) {
            p[k] /= sum;
        }
        return p;
    }
}
