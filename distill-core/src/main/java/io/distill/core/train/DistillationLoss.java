package io.distill.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The paper's objective on one set of student logits s:
 * {@code softWeight * T^2 * KL(softmax(t/T) || softmax(s/T)) + hardWeight * CE(y, softmax(s))}.
 *
 * <p>Labels come as {@code [y]} (class indices) or {@code [y, t]} (with teacher logits t). The
 * soft term's gradient with respect to s_i is {@code softWeight * T * (q_i - p_i)}, that is the
 * paper's {@code (1/T)(q_i - p_i)} times T², so the two terms keep their relative weight as T changes.
 * Both terms are averaged over the batch.
 */
public final class DistillationLoss extends Loss {

    private final double temperature;
    private final double softWeight;
    private final double hardWeight;

    public DistillationLoss(double temperature, double softWeight, double hardWeight) {
        super("distillation");
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature is " + temperature + ", expected a positive number.");
        }
        if (!(softWeight >= 0) || !(hardWeight >= 0)) {
            throw new IllegalArgumentException("softWeight " + softWeight + " and hardWeight " + hardWeight
                    + " must both be 0 or more.");
        }
        if (softWeight == 0 && hardWeight == 0) {
            throw new IllegalArgumentException("softWeight and hardWeight are both 0, expected at least one above 0.");
        }
        this.temperature = temperature;
        this.softWeight = softWeight;
        this.hardWeight = hardWeight;
    }

    /** Plain softmax cross-entropy on the hard labels: the paper's baseline. */
    public static DistillationLoss hard() {
        return new DistillationLoss(1, 0, 1);
    }

    public boolean needsTeacher() {
        return softWeight > 0;
    }

    public double temperature() {
        return temperature;
    }

    public double softWeight() {
        return softWeight;
    }

    public double hardWeight() {
        return hardWeight;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        NDArray total = null;
        if (hardWeight > 0) {
            total = hardCrossEntropy(logits, labels.get(0)).mul(hardWeight);
        }
        if (softWeight > 0) {
            if (labels.size() < 2) {
                throw new IllegalArgumentException("Distillation needs teacher logits as the second label,"
                        + " but the batch carries only " + labels.size() + " label array(s).");
            }
            NDArray soft = softKl(logits, labels.get(1), temperature)
                    .mul(softWeight * temperature * temperature);
            total = total == null ? soft : total.add(soft);
        }
        return total;
    }

    /** Mean over the batch of {@code -log softmax(s)[y]}. */
    static NDArray hardCrossEntropy(NDArray logits, NDArray classes) {
        NDArray oneHot = classes.oneHot((int) logits.getShape().get(1));
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().neg();
    }

    /** Mean over the batch of {@code KL(softmax(t/T) || softmax(s/T))}. */
    static NDArray softKl(NDArray logits, NDArray teacherLogits, double temperature) {
        NDArray teacherLog = teacherLogits.div(temperature).logSoftmax(1);
        NDArray studentLog = logits.div(temperature).logSoftmax(1);
        return teacherLog.exp().mul(teacherLog.sub(studentLog)).sum(new int[] {1}).mean();
    }
}
