package io.distill.specialist.jobs;

import ai.djl.Model;
import ai.djl.engine.Engine;
import io.distill.contract.events.ModelReady;
import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.json.Json;
import io.distill.contract.metrics.EnsembleMetrics;
import io.distill.contract.metrics.TrainedControl;
import io.distill.contract.metrics.TrainedSpecialist;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.ClassFilter;
import io.distill.contract.requests.DatasetNames;
import io.distill.contract.requests.EnsembleRequest;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.artifact.ModelMetadataBuilder;
import io.distill.core.artifact.Parameters;
import io.distill.core.data.Datasets;
import io.distill.core.model.Models;
import io.distill.core.specialist.ClassClustering;
import io.distill.core.specialist.ClassCovariance;
import io.distill.core.specialist.ClassSubset;
import io.distill.core.specialist.ControlLength;
import io.distill.core.train.Hyperparameters;
import io.distill.core.train.LossSettings;
import io.distill.core.train.Recipes;
import io.distill.core.train.TrainingListener;
import io.distill.server.config.DistillConfig;
import io.distill.server.datasets.DataSets;
import io.distill.server.models.ModelStore;
import io.distill.server.objects.ObjectStore;
import io.distill.server.runtime.EngineRuntime;
import io.distill.server.transfer.SoftTargetReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Builds one ensemble in three steps that may run on different replicas: the plan (confusable
 * subsets from the covariance of the generalist's predictions over the transfer set), one specialist
 * per subset (each a child job, initialised from the generalist) and, when asked for, the control
 * (another child job), and the combination (the KL combination scored on the test split beside the
 * control, saved as one artifact). The plan, each finished specialist and the finished control are
 * kept in the object store under {@code ensembles/<id>/}.
 */
@ApplicationScoped
public class EnsembleTraining {

    private static final Logger LOG = Logger.getLogger(EnsembleTraining.class);

    private final EngineRuntime runtime;
    private final DataSets dataSets;
    private final ModelStore models;
    private final SpecialistTraining specialists;
    private final ControlTraining controls;
    private final ObjectStore objects;
    private final Path scratch;

    public EnsembleTraining(EngineRuntime runtime, DataSets dataSets, ModelStore models, SpecialistTraining specialists,
            ControlTraining controls, ObjectStore objects, DistillConfig config) {
        this.runtime = runtime;
        this.dataSets = dataSets;
        this.models = models;
        this.specialists = specialists;
        this.controls = controls;
        this.objects = objects;
        this.scratch = config.storePath().resolve("ensembles");
    }

    /**
     * What the specialists are, decided once per ensemble.
     *
     * @param subsets        the classes of each specialist
     * @param covariance     the covariance of the generalist's predicted probabilities over the transfer set
     * @param trainExamples  the transfer set's size
     * @param malformed      events of the set that could not be read
     * @param mixSizes       each specialist's training mix size, when the request asks for a control; else null
     * @param classes        the data set's classes; a plan stored before any set but MNIST's reads as 10
     */
    public record Plan(List<List<Integer>> subsets, double[][] covariance, int trainExamples, int malformed,
            List<Integer> mixSizes, Integer classes) {

        public Plan {
            classes = classes == null ? DatasetNames.CLASSES : classes;
        }

        public List<ClassSubset> classSubsets() {
            return subsets.stream().map(s -> new ClassSubset(s, classes)).toList();
        }

        /** How long the control trains: as many examples as the specialists' mixes over their epochs. */
        public ControlLength controlLength(EnsembleRequest request) {
            if (mixSizes == null) {
                throw new IllegalStateException("The plan has no mix sizes: it was made without a control.");
            }
            return ControlLength.match(mixSizes, request.epochs(), trainExamples);
        }
    }

    /** The ensemble's plan, made from the transfer set and stored for the later steps and takeovers. */
    public Plan plan(String jobId, EnsembleRequest request, SoftTargetReader.TransferSet set) throws IOException {
        // Which classes the generalist confuses: covariance of its predicted probabilities, no labels.
        int classes = set.images().classes();
        double[][] covariance = ClassCovariance.of(set.logits(), classes);
        // Cluster the classes (the covariance's columns) into capped subsets.
        List<List<Integer>> subsets = ClassClustering.cluster(covariance, request.specialists(),
                request.maxClassesPerSpecialist(), request.overlap(), request.seed()).stream()
                .map(s -> new ClassSubset(s, classes).members()).toList();
        LOG.infof("Ensemble %s: subsets %s from %d examples", jobId, subsets, set.images().size());
        // The control's length is matched to the specialists' mixes, so they are drawn now.
        List<Integer> mixSizes = request.trainsControl() ? SpecialistTraining.mixSizes(set.images(), subsets, request)
                : null;
        Plan plan = new Plan(subsets, covariance, set.images().size(), set.malformed(), mixSizes, classes);
        objects.put(key(jobId, "plan.json"), Json.mapper().writeValueAsBytes(plan));
        return plan;
    }

    public Optional<Plan> storedPlan(String jobId) throws IOException {
        Optional<byte[]> bytes = objects.read(key(jobId, "plan.json"));
        return bytes.isEmpty() ? Optional.empty() : Optional.of(Json.mapper().readValue(bytes.get(), Plan.class));
    }

    /** Specialist {@code index} of ensemble {@code jobId}: trained and stored, or the one stored earlier. */
    public TrainedSpecialist specialist(String jobId, int index, ClassSubset subset, EnsembleRequest request,
            Path generalistDir, SoftTargetReader.TransferSet set, List<TrainingListener> listeners)
            throws IOException {
        Optional<byte[]> done = objects.read(key(jobId, "specialist-" + index + ".json"));
        if (done.isPresent()) {
            LOG.infof("Ensemble %s: specialist %d was finished by an earlier run", jobId, index);
            return Json.mapper().readValue(done.get(), TrainedSpecialist.class);
        }
        Path dir = scratch.resolve(jobId);
        Files.createDirectories(dir);
        TrainedSpecialist trained;
        try (ModelArtifact.Loaded g = ModelArtifact.load(generalistDir, runtime.engine(), runtime.device())) {
            trained = specialists.train(index, subset, request, g.metadata().architecture(),
                    GeneralistWeights.of(Models.classifier(g.model())), set, dir, listeners);
        }
        // The record goes up after the weights: its presence says they are complete.
        objects.put(key(jobId, "specialist-" + index + ".params"), SpecialistTraining.parameters(dir, index));
        objects.put(key(jobId, "specialist-" + index + ".json"), Json.mapper().writeValueAsBytes(trained));
        return trained;
    }

    /**
     * The ensemble of the generalist and the stored specialists, scored on the test split beside the
     * stored control ({@code control} null: none), saved and published.
     */
    public ModelMetadata combine(String jobId, EnsembleRequest request, TransferSetManifest manifest,
            ModelReady generalist, Path generalistDir, Plan plan, List<TrainedSpecialist> trained,
            TrainedControl control) throws IOException {
        Datasets.Splits data = dataSets.get(manifest.filters().dataset());
        List<ClassSubset> subsets = plan.classSubsets();
        Path dir = scratch.resolve(jobId);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < subsets.size(); i++) {
            Path file = SpecialistTraining.parameters(dir, i);
            if (!objects.download(key(jobId, "specialist-" + i + ".params"), file)) {
                throw new IOException("Specialist " + i + " of ensemble " + jobId + " is not in the object store.");
            }
            files.add(file);
        }
        Engine engine = runtime.engine();
        try (ModelArtifact.Loaded g = ModelArtifact.load(generalistDir, engine, runtime.device())) {
            Architecture architecture = g.metadata().architecture();
            // The generalist's top-N picks the specialists; their KL combination is scored on the test split.
            List<Model> loaded = new ArrayList<>();
            EnsemblePredictor.Predictions predictions;
            try {
                for (int i = 0; i < subsets.size(); i++) {
                    Model m = Models.create(jobId + "-" + i, architecture.withOutputs(subsets.get(i).outputs()),
                            engine, runtime.device(), request.seed());
                    loaded.add(m);
                    Parameters.load(m.getBlock(), m.getNDManager(), files.get(i));
                }
                predictions = new EnsemblePredictor(g.model(), loaded, subsets, request.topN()).predict(data.test());
            } finally {
                loaded.forEach(Model::close);
            }
            ControlTraining.Scores controlScores = control == null ? null
                    : controls.score(jobId, request, architecture, data, trained, control);
            EnsembleMetrics metrics = EnsembleReport.of(data.test(), subsets, trained, predictions, plan, control,
                    controlScores);
            Hyperparameters hyperparameters = new Hyperparameters(architecture, Recipes.specialist(request, 0),
                    LossSettings.of(Recipes.loss(request)), request.seed(), new Hyperparameters.TrainingData(
                            manifest.filters().split(), plan.trainExamples(), manifest.transferSetId(),
                            manifest.teacherModelIds()),
                    new Hyperparameters.Ensemble(new Hyperparameters.ModelReference(generalist.modelId(),
                            generalist.artifactUri(), generalist.sha256()), plan.subsets(), request.topN(),
                            request.specialists(), request.maxClassesPerSpecialist(), request.overlap()));
            ModelMetadata metadata = ModelMetadataBuilder.builder().modelId(jobId).kind(EnsembleArtifact.KIND)
                    .architecture(architecture).dataset(manifest.filters().dataset()).filters(ClassFilter.ALL)
                    .hyperparameters(hyperparameters).metrics(metrics).seed(request.seed())
                    .engine(engine.getEngineName()).engineVersion(engine.getVersion())
                    .djlVersion(Engine.getDjlVersion()).createdAt(Instant.now()).build();
            EnsembleArtifact.save(models.dir(jobId), files, metadata);
            ModelMetadata saved = models.publish(jobId, jobId);
            objects.deleteAll(key(jobId, ""));
            try (var leftovers = Files.list(dir)) {
                for (Path p : leftovers.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            return saved;
        }
    }

    /** Where file {@code file} of ensemble {@code jobId} is kept while it builds. */
    static String key(String jobId, String file) {
        return "ensembles/" + jobId + "/" + file;
    }
}
