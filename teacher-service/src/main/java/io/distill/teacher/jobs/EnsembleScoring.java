package io.distill.teacher.jobs;

import ai.djl.engine.Engine;
import io.distill.contract.metrics.EvalResult;
import io.distill.contract.metrics.TeacherMetrics;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.data.Datasets;
import io.distill.core.data.ExampleSet;
import io.distill.core.eval.Ensembles;
import io.distill.core.eval.Evaluation;
import io.distill.core.eval.Inference;
import io.distill.server.models.ModelStore;
import io.distill.server.runtime.EngineRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A teacher job's metrics. One member: its own. Several: the ensemble's, whose prediction is the
 * arithmetic mean of the members' probabilities (the paper's ensemble of teachers), plus each member's.
 */
@ApplicationScoped
public class EnsembleScoring {

    private final EngineRuntime runtime;
    private final ModelStore models;

    public EnsembleScoring(EngineRuntime runtime, ModelStore models) {
        this.runtime = runtime;
        this.models = models;
    }

    public TeacherMetrics jobMetrics(List<ModelMetadata> members, Datasets.Splits data) throws IOException {
        if (members.size() == 1) {
            return members.get(0).metrics().as(TeacherMetrics.class);
        }
        EvalResult test = Evaluation.score(meanLogProbabilities(members, data.test()), data.test());
        // Members that trained on the validation split too (validationInTraining) have nothing left to validate on.
        boolean held = members.get(0).metrics().as(TeacherMetrics.class).validationErrors() != null;
        EvalResult validation = held
                ? Evaluation.score(meanLogProbabilities(members, data.validation()), data.validation()) : null;
        List<TeacherMetrics.Member> each = new ArrayList<>();
        for (ModelMetadata member : members) {
            TeacherMetrics own = member.metrics().as(TeacherMetrics.class);
            each.add(new TeacherMetrics.Member(member.modelId(), member.seed(), own.testErrors(),
                    own.validationErrors()));
        }
        return TeacherMetrics.ensemble(test, validation, each);
    }

    /** The log of the mean of the members' probabilities, per example. */
    private float[] meanLogProbabilities(List<ModelMetadata> members, ExampleSet images) throws IOException {
        List<float[]> logits = new ArrayList<>();
        Engine engine = runtime.engine();
        for (ModelMetadata member : members) {
            try (ModelArtifact.Loaded loaded = ModelArtifact.load(models.local(member.modelId()), engine,
                    runtime.device())) {
                logits.add(Inference.logits(loaded.model().getBlock(), loaded.model().getNDManager(), images, 1000));
            }
        }
        return Ensembles.combine(logits, images.classes(), Ensembles.ARITHMETIC);
    }
}
