package io.distill.specialist.jobs;

import ai.djl.Model;
import io.distill.contract.jobs.Ids;
import io.distill.contract.requests.DatasetNames;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.data.ExampleSet;
import io.distill.core.data.FeatureScaling;
import io.distill.core.specialist.ClassSubset;
import io.distill.core.train.Hyperparameters;
import io.distill.server.datasets.DataSets;
import io.distill.server.models.ModelStore;
import io.distill.server.problems.UnknownIdException;
import io.distill.server.runtime.EngineRuntime;
import io.distill.specialist.rest.Prediction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Serves {@code POST /ensembles/{id}/predict}: loads a finished ensemble and its generalist, and combines. */
@ApplicationScoped
public class EnsembleInference {

    private final ModelStore models;
    private final GeneralistRegistry generalists;
    private final DataSets dataSets;
    private final EngineRuntime runtime;

    public EnsembleInference(ModelStore models, GeneralistRegistry generalists, DataSets dataSets,
            EngineRuntime runtime) {
        this.models = models;
        this.generalists = generalists;
        this.dataSets = dataSets;
        this.runtime = runtime;
    }

    /** The data set a finished ensemble was trained on: the examples it classifies are of its form. */
    public DataSets.Resolved dataset(String ensembleId) throws IOException {
        String dataset = metadata(ensembleId).dataset();
        return dataSets.require("id", dataset == null ? DatasetNames.MNIST : dataset);
    }

    /** How that set's float32 features are scaled; empty for images. */
    public Optional<FeatureScaling> featureScaling(DataSets.Resolved dataset) {
        return dataSets.featureScaling(dataset.key());
    }

    /** Classifies {@code examples} of the ensemble's {@link #dataset}, already in the form its nets take. */
    public List<Prediction> predict(String ensembleId, ExampleSet examples) throws Exception {
        ModelMetadata ensemble = metadata(ensembleId);
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
                    .predict(examples);
            int classes = examples.classes();
            List<Prediction> out = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
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

    private ModelMetadata metadata(String ensembleId) throws IOException {
        return (Ids.valid(ensembleId) ? models.metadata(ensembleId) : Optional.<ModelMetadata>empty())
                .orElseThrow(() -> new UnknownIdException("finished ensemble", ensembleId));
    }
}
