package io.distill.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.distill.core.testing.TestData;
import org.junit.jupiter.api.Test;

class DistillationLossTest {

    private static final float[] STUDENT = {2.0f, -1.0f, 0.5f, 0.0f, -3.0f, 1.5f, 4.0f, 0.2f};
    private static final float[] TEACHER = {6.0f, -2.0f, 1.0f, 3.0f, 0.5f, -4.0f, 9.0f, 2.0f};
    private static final int[] LABELS = {0, 2};
    private static final int BATCH = 2;
    private static final int CLASSES = 4;

    @Test
    void softTermGradientIsTTimesQMinusPThatIsOneOverTScaledByTSquared() {
        for (double t : new double[] {1, 2.5, 20}) {
            float[] grad = gradient(new DistillationLoss(t, 1, 0));

            for (int b = 0; b < BATCH; b++) {
                double[] q = softmax(STUDENT, b, t);
                double[] p = softmax(TEACHER, b, t);
                for (int i = 0; i < CLASSES; i++) {
                    double paper = (q[i] - p[i]) / t;
                    assertThat((double) grad[b * CLASSES + i]).as("T=%s, example %d, class %d", t, b, i)
                            .isCloseTo(t * t * paper / BATCH, within(1e-5));
                }
            }
        }
    }

    @Test
    void hardTermGradientIsSoftmaxMinusOneHot() {
        float[] grad = gradient(DistillationLoss.hard());

        for (int b = 0; b < BATCH; b++) {
            double[] q = softmax(STUDENT, b, 1);
            for (int i = 0; i < CLASSES; i++) {
                double expected = (q[i] - (LABELS[b] == i ? 1 : 0)) / BATCH;
                assertThat((double) grad[b * CLASSES + i]).isCloseTo(expected, within(1e-5));
            }
        }
    }

    @Test
    void weightsMixTheTwoGradientsLinearly() {
        float[] soft = gradient(new DistillationLoss(20, 1, 0));
        float[] hard = gradient(DistillationLoss.hard());
        float[] mixed = gradient(new DistillationLoss(20, 0.9, 0.1));

        for (int k = 0; k < mixed.length; k++) {
            assertThat((double) mixed[k]).isCloseTo(0.9 * soft[k] + 0.1 * hard[k], within(1e-5));
        }
    }

    @Test
    void softLossIsZeroWhenTheStudentMatchesTheTeacher() {
        try (NDManager m = NDManager.newBaseManager(TestData.engine().defaultDevice(), "MXNet")) {
            NDArray s = m.create(TEACHER, new Shape(BATCH, CLASSES));
            NDArray loss = new DistillationLoss(20, 1, 0)
                    .evaluate(new NDList(m.create(LABELS), m.create(TEACHER, new Shape(BATCH, CLASSES))), new NDList(s));
            assertThat(loss.getFloat()).isCloseTo(0f, within(1e-6f));
        }
    }

    @Test
    void refusesNonPositiveTemperatureAndZeroOrNegativeWeights() {
        assertThatThrownBy(() -> new DistillationLoss(0, 1, 0)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> new DistillationLoss(2, -1, 1)).hasMessageContaining("softWeight");
        assertThatThrownBy(() -> new DistillationLoss(2, 0, 0)).hasMessageContaining("both 0");
    }

    private static float[] gradient(DistillationLoss loss) {
        Engine engine = TestData.engine();
        try (NDManager m = NDManager.newBaseManager(engine.defaultDevice(), engine.getEngineName())) {
            NDArray s = m.create(STUDENT, new Shape(BATCH, CLASSES));
            s.setRequiresGradient(true);
            NDList labels = new NDList(m.create(LABELS), m.create(TEACHER, new Shape(BATCH, CLASSES)));
            try (GradientCollector collector = engine.newGradientCollector()) {
                collector.backward(loss.evaluate(labels, new NDList(s)));
            }
            return s.getGradient().toFloatArray();
        }
    }

    private static double[] softmax(float[] logits, int row, double t) {
        double[] out = new double[CLASSES];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < CLASSES; i++) {
            max = Math.max(max, logits[row * CLASSES + i] / t);
        }
        double sum = 0;
        for (int i = 0; i < CLASSES; i++) {
            out[i] = Math.exp(logits[row * CLASSES + i] / t - max);
            sum += out[i];
        }
        for (int i = 0; i < CLASSES; i++) {
            out[i] /= sum;
        }
        return out;
    }
}
