package io.distill.specialist.jobs;

import ai.djl.Model;
import io.distill.contract.jobs.Ids;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.data.ExampleSet;
import io.distill.core.specialist.ClassSubset;
import io.distill.core.train.Hyperparameters;
import io.distill.server.models.ModelStore;
import io.distill.server.problems.UnknownIdException;
import io.distill.server.runtime.EngineRuntime;
import io.distill.specialist.rest.Prediction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Serves {@code POST /ensembles/{id}/predict}: loads a finished ensemble and its generalist, and combines. */
@ApplicationScoped
public class EnsembleInference {

    private final ModelStore models;
    private final GeneralistRegistry generalists;
    private final EngineRuntime runtime;

    public EnsembleInference(ModelStore models, GeneralistRegistry generalists, EngineRuntime runtime) {
        this.models = models;
        this.generalists = generalists;
        this.runtime = runtime;
    }

    public List<Prediction> predict(String ensembleId, ExampleSet images) throws Exception {
        ModelMetadata ensemble = (Ids.valid(ensembleId) ? models.metadata(ensembleId)
                : java.util.Optional.<ModelMetadata>empty())
                .orElseThrow(() -> new UnknownIdException("finished ensemble", ensembleId));
        Hyperparameters.Ensemble settings = EnsembleArtifact.settings(ensemble);
        String generalistId = settings.generalist().modelId();
        var generalist = generalists.get(generalistId).orElseThrow(() -> new IllegalStateException(
                "Ensemble " + ensembleId + " needs generalist " + generalistId + ", which this service no longer knows"));
        List<ClassSubset> subsets = EnsembleArtifact.subsets(ensemble);
        int topN = settings.topN();
        List<Model> specialists = EnsembleArtifact.load(models.local(ensembleId), runtime.engine(), runtime.device());
        try (ModelArtifact.Loaded g = ModelArtifact.load(generalists.artifact(generalist), runtime.engine(),
                runtime.device())) {
            EnsemblePredictor.Predictions p = new EnsemblePredictor(g.model(), specialists, subsets, topN)
                    .predict(images);
            int classes = images.classes();
            List<Prediction> out = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                List<Prediction.Active> active = p.active().get(i).stream()
                        .map(m -> new Prediction.Active(m, subsets.get(m).members())).toList();
                out.add(new Prediction(EnsemblePredictor.argMax(p.combined(), i, classes),
                        Arrays.copyOfRange(p.combined(), i * classes, (i + 1) * classes),
                        EnsemblePredictor.argMax(p.generalist(), i, classes),
                        Arrays.copyOfRange(p.generalist(), i * classes, (i + 1) * classes), active,
                        p.iterations()[i]));
            }
            return out;
        } finally {
            specialists.forEach(Model::close);
        }
    }
}
