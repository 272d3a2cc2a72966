package io.distill.contract.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The losses a model's metrics report, checked before the model is published: a loss that is NaN or
 * infinite means the run diverged (a learning rate or weight decay far too large), and what it left
 * is no model, however its error count looks.
 */
public final class FiniteLosses {

    private FiniteLosses() {}

    /** The first of {@code metrics}' losses that is NaN or infinite, as {@code "testLoss is NaN"}; empty if none is. */
    public static Optional<String> firstNonFinite(ModelMetrics metrics) {
        for (Map.Entry<String, Double> loss : losses(metrics).entrySet()) {
            if (loss.getValue() != null && !Double.isFinite(loss.getValue())) {
                return Optional.of(loss.getKey() + " is " + loss.getValue());
            }
        }
        return Optional.empty();
    }

    /** Each loss {@code metrics} carry, by its JSON path; null where a producer left it out. */
    static Map<String, Double> losses(ModelMetrics metrics) {
        Map<String, Double> losses = new LinkedHashMap<>();
        if (metrics instanceof TeacherMetrics teacher) {
            losses.put("testLoss", teacher.testLoss());
        } else if (metrics instanceof StudentMetrics student) {
            losses.put("testLoss", student.testLoss());
        } else if (metrics instanceof EnsembleMetrics ensemble) {
            List<EnsembleMetrics.Specialist> specialists = ensemble.specialists() == null ? List.of()
                    : ensemble.specialists();
            for (int i = 0; i < specialists.size(); i++) {
                losses.put("specialists[" + i + "].lastTrainLoss", specialists.get(i).lastTrainLoss());
            }
            if (ensemble.control() != null) {
                losses.put("control.lastTrainLoss", ensemble.control().lastTrainLoss());
            }
        }
        return losses;
    }
}
