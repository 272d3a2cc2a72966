package io.distill.specialist.service;

import ai.djl.Model;
import ai.djl.engine.Engine;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.artifact.Parameters;
import io.distill.core.data.ClassFilter;
import io.distill.core.data.Datasets;
import io.distill.core.events.Json;
import io.distill.core.events.ModelReady;
import io.distill.core.events.TransferSetManifest;
import io.distill.core.model.Architecture;
import io.distill.core.model.Models;
import io.distill.core.specialist.ClassClustering;
import io.distill.core.specialist.ClassCovariance;
import io.distill.core.specialist.ClassSubset;
import io.distill.core.train.TrainingCancelledException;
import io.distill.core.train.TrainingListener;
import io.distill.service.config.DistillConfig;
import io.distill.service.jobs.ProgressTracker;
import io.distill.service.models.ModelStore;
import io.distill.service.runtime.DataSets;
import io.distill.service.runtime.EngineRuntime;
import io.distill.service.transfer.SoftTargetReader;
import io.distill.specialist.config.SpecialistDefaults;
import io.distill.specialist.rest.EnsembleRequest;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Builds one ensemble, step by step: confusable subsets from the covariance of the generalist's
 * predictions over the transfer set, one specialist per subset trained on a bounded pool, the
 * combined predictions scored on the test split, and the ensemble saved as one artifact.
 */
@ApplicationScoped
public class EnsembleTraining {

    private static final Logger LOG = Logger.getLogger(EnsembleTraining.class);

    private final EngineRuntime runtime;
    private final DataSets dataSets;
    private final ModelStore models;
    private final SpecialistTraining specialists;
    private final Path checkpointRoot;
    private final ExecutorService pool;

    public EnsembleTraining(EngineRuntime runtime, DataSets dataSets, ModelStore models, SpecialistTraining specialists,
            DistillConfig config, SpecialistDefaults defaults) {
        this.runtime = runtime;
        this.dataSets = dataSets;
        this.models = models;
        this.specialists = specialists;
        this.checkpointRoot = config.storePath().resolve("checkpoints");
        this.pool = Executors.newFixedThreadPool(defaults.parallelism(), r -> {
            Thread t = new Thread(r, "specialist-training");
            t.setDaemon(true);
            return t;
        });
    }

    public ModelMetadata build(String jobId, EnsembleRequest request, TransferSetManifest manifest,
            ModelReady generalist, Path generalistDir, SoftTargetReader.TransferSet set,
            ProgressTracker.Context tracking) throws Exception {
        Datasets.Splits data = dataSets.get(manifest.filters().dataset());
        int classes = Datasets.CLASSES;
        // 1. Which classes the generalist confuses: covariance of its predicted probabilities, no labels.
        double[][] covariance = ClassCovariance.of(set.logits(), classes);
        // 2. Cluster the classes (the covariance's columns) into capped subsets.
        List<ClassSubset> subsets = ClassClustering.cluster(covariance, request.specialists(),
                request.maxClassesPerSpecialist(), request.overlap(), request.seed()).stream()
                .map(s -> new ClassSubset(s, classes)).toList();
        LOG.infof("Ensemble %s: subsets %s from %d examples", jobId, subsets, set.images().size());
        Path dir = checkpointRoot.resolve(jobId);
        Files.createDirectories(dir);
        Engine engine = runtime.engine();
        try (ModelArtifact.Loaded g = ModelArtifact.load(generalistDir, engine, runtime.device())) {
            Architecture architecture = g.metadata().architecture();
            // 3. One specialist per subset, in parallel, each from the generalist's weights.
            List<SpecialistTraining.Trained> trained = trainAll(jobId, request, subsets, architecture,
                    GeneralistWeights.of(Models.mlp(g.model())), set, dir, tracking);
            // 4. The generalist's top-N picks the specialists; their KL combination is scored on the test split.
            List<Model> loaded = new ArrayList<>();
            EnsemblePredictor.Predictions predictions;
            try {
                for (int i = 0; i < subsets.size(); i++) {
                    Model m = Models.create(jobId + "-" + i, architecture.withOutputs(subsets.get(i).outputs()),
                            engine, runtime.device(), request.seed());
                    loaded.add(m);
                    Parameters.load(m.getBlock(), m.getNDManager(), SpecialistTraining.parameters(dir, i));
                }
                predictions = new EnsemblePredictor(g.model(), loaded, subsets, request.topN()).predict(data.test());
            } finally {
                loaded.forEach(Model::close);
            }
            // 5. The report, and the ensemble as one artifact.
            Map<String, Object> metrics = EnsembleReport.of(data.test(), subsets, trained, predictions, covariance);
            metrics.put("trainExamples", set.images().size());
            metrics.put("malformedEvents", set.malformed());
            Map<String, Object> hyperparameters = new LinkedHashMap<>();
            hyperparameters.put("request", Json.mapper().convertValue(request.withoutPlan(), Map.class));
            hyperparameters.put("generalist", EnsembleArtifact.reference(generalist.modelId(),
                    generalist.artifactUri(), generalist.sha256()));
            hyperparameters.put("transferSetId", manifest.transferSetId());
            hyperparameters.put("teacherModelIds", manifest.teacherModelIds());
            hyperparameters.put("subsets", subsets.stream().map(ClassSubset::members).toList());
            hyperparameters.put("topN", request.topN());
            ModelMetadata metadata = new ModelMetadata(jobId, EnsembleArtifact.KIND, architecture,
                    manifest.filters().dataset(), ClassFilter.ALL, hyperparameters, metrics, request.seed(),
                    engine.getEngineName(), engine.getVersion(), Engine.getDjlVersion(), Instant.now(), null);
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < subsets.size(); i++) {
                files.add(SpecialistTraining.parameters(dir, i));
            }
            ModelMetadata saved = EnsembleArtifact.save(models.dir(jobId), files, metadata);
            try (var leftovers = Files.list(dir)) {
                for (Path p : leftovers.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            return saved;
        }
    }

    /** Trains (or finds from an earlier run) every specialist; one failing stops the others. */
    private List<SpecialistTraining.Trained> trainAll(String jobId, EnsembleRequest request, List<ClassSubset> subsets,
            Architecture architecture, GeneralistWeights weights, SoftTargetReader.TransferSet set, Path dir,
            ProgressTracker.Context tracking) throws Exception {
        AtomicBoolean abort = new AtomicBoolean();
        TrainingListener stop = new TrainingListener() {
            @Override
            public void onBatchEnd(BatchReport report) {
                if (abort.get()) {
                    throw new TrainingCancelledException("Stopped: another specialist of " + jobId + " ended early.");
                }
            }
        };
        List<Future<SpecialistTraining.Trained>> futures = new ArrayList<>();
        for (int i = 0; i < subsets.size(); i++) {
            int index = i;
            futures.add(pool.submit(() -> {
                var earlier = SpecialistTraining.saved(dir, index);
                if (earlier.isPresent()) {
                    LOG.infof("Ensemble %s: specialist %d was finished by an earlier run", jobId, index);
                    return earlier.get();
                }
                return specialists.train(index, subsets.get(index), request, architecture, weights, set, dir,
                        List.of(new ProgressTracker(tracking, jobId, index, subsets.size()), stop));
            }));
        }
        List<SpecialistTraining.Trained> trained = new ArrayList<>();
        Throwable first = null;
        for (Future<SpecialistTraining.Trained> future : futures) {
            try {
                trained.add(future.get());
            } catch (ExecutionException e) {
                abort.set(true);
                // A cancellation is the reason to report, not the stops it caused in the others.
                if (first == null || first.getMessage() != null && first.getMessage().startsWith("Stopped:")) {
                    first = e.getCause();
                }
            }
        }
        if (first != null) {
            throw first instanceof Exception e ? e : new IllegalStateException(first);
        }
        return trained;
    }

    @PreDestroy
    void close() {
        pool.shutdownNow();
    }
}
