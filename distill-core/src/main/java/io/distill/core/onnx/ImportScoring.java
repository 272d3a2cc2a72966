package io.distill.core.onnx;

import ai.onnxruntime.OrtException;
import io.distill.contract.jobs.FieldException;
import io.distill.contract.metrics.TeacherMetrics;
import io.distill.core.data.ExampleSet;
import io.distill.core.eval.Evaluation;

/**
 * A model trained elsewhere, scored as teacher-service scores the teachers it trains (test and validation
 * splits), and refused if any of its outputs is not a finite number: a teacher's logits become every
 * student's targets.
 */
public final class ImportScoring {

    /** Examples a forward pass takes. */
    public static final int BATCH = 1_000;

    private ImportScoring() {}

    /** The model's metrics on the splits, whose examples hold raw values. */
    public static TeacherMetrics score(OnnxInference model, ExampleSet validation, ExampleSet test)
            throws OrtException {
        return TeacherMetrics.imported(Evaluation.score(finite(model.logits(test, BATCH), test, "test"), test),
                Evaluation.score(finite(model.logits(validation, BATCH), validation, "validation"), validation));
    }

    private static float[] finite(float[] logits, ExampleSet split, String name) {
        int classes = split.classes();
        for (int i = 0; i < logits.length; i++) {
            if (!Float.isFinite(logits[i])) {
                throw new FieldException("outputs", "are " + logits[i] + " for example " + split.id(i / classes)
                        + " of the " + name + " split (class " + i % classes + "); a teacher's outputs must be finite");
            }
        }
        return logits;
    }
}
