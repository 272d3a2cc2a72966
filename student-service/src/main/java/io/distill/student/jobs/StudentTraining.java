package io.distill.student.jobs;

import ai.djl.Model;
import ai.djl.engine.Engine;
import io.distill.contract.events.TransferSetManifest;
import io.distill.contract.metrics.EvalResult;
import io.distill.contract.metrics.StudentMetrics;
import io.distill.contract.metrics.StudentMetricsBiasAdjustmentBuilder;
import io.distill.contract.metrics.TrainingSummary;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.BiasAdjust;
import io.distill.contract.requests.ClassFilter;
import io.distill.contract.requests.StudentRequest;
import io.distill.core.artifact.Checkpoints;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.artifact.ModelMetadataBuilder;
import io.distill.core.data.BatchedDataset;
import io.distill.core.data.Datasets;
import io.distill.core.eval.BiasSearch;
import io.distill.core.eval.Evaluation;
import io.distill.core.eval.Inference;
import io.distill.core.model.Models;
import io.distill.core.train.DistillationLoss;
import io.distill.core.train.Hyperparameters;
import io.distill.core.train.LossSettings;
import io.distill.core.train.Recipes;
import io.distill.core.train.TrainConfig;
import io.distill.core.train.TrainingLoop;
import io.distill.server.datasets.DataSets;
import io.distill.server.jobs.ProgressTracker;
import io.distill.server.models.ModelStore;
import io.distill.server.objects.CheckpointStore;
import io.distill.server.runtime.EngineRuntime;
import io.distill.server.transfer.SoftTargetReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Trains one student on a transfer set held in memory, scores it on the test split, optionally
 * corrects the biases of the classes the set lacks (chosen on the validation split), and saves it.
 */
@ApplicationScoped
public class StudentTraining {

    private final EngineRuntime runtime;
    private final DataSets dataSets;
    private final ModelStore models;
    private final CheckpointStore checkpointStore;

    public StudentTraining(EngineRuntime runtime, DataSets dataSets, ModelStore models,
            CheckpointStore checkpointStore) {
        this.runtime = runtime;
        this.dataSets = dataSets;
        this.models = models;
        this.checkpointStore = checkpointStore;
    }

    public ModelMetadata train(String jobId, StudentRequest request, TransferSetManifest manifest,
            SoftTargetReader.TransferSet set, ProgressTracker tracker) throws IOException {
        Datasets.Splits data = dataSets.get(manifest.filters().dataset());
        TrainConfig config = Recipes.student(request);
        DistillationLoss loss = Recipes.loss(request);
        Engine engine = runtime.engine();
        CheckpointStore.Stored checkpoints = checkpointStore.open(jobId);
        int classes = data.train().classes();
        Architecture net = request.architecture(data.train().shape(), classes);
        try (Model model = Models.create(jobId, net, engine, runtime.device(), config.seed())) {
            int firstEpoch = 0;
            Optional<Checkpoints.Checkpoint> checkpoint = checkpoints.latest();
            if (checkpoint.isPresent()) {
                checkpoints.restore(model.getBlock(), model.getNDManager());
                firstEpoch = checkpoint.get().epoch();
            }
            BatchedDataset batches = batches(set, request, config);
            TrainingSummary summary = TrainingLoop.fit(model, batches, data.validation(), config, loss,
                    firstEpoch, List.of(checkpoints, tracker));

            float[] validation = Inference.logits(model.getBlock(), model.getNDManager(), data.validation(), 1000);
            float[] test = Inference.logits(model.getBlock(), model.getNDManager(), data.test(), 1000);
            StudentMetrics.BiasAdjustment biasAdjustment = null;
            if (request.biasAdjust() == BiasAdjust.AUTO) {
                Set<Integer> missing = filter(manifest, classes).missing(classes);
                // Chosen on the validation split only; the test split is scored before and after, never searched.
                double bias = missing.isEmpty() ? 0 : BiasSearch.choose(validation, data.validation(), missing);
                biasAdjustment = StudentMetricsBiasAdjustmentBuilder.builder().classes(List.copyOf(missing)).bias(bias)
                        .validationErrorsBefore(BiasSearch.errors(validation, data.validation(), missing, 0))
                        .validationErrorsAfter(BiasSearch.errors(validation, data.validation(), missing, bias))
                        .testErrorsBefore(BiasSearch.errors(test, data.test(), missing, 0))
                        .testErrorsAfter(BiasSearch.errors(test, data.test(), missing, bias))
                        .testErrorsOnMissingBefore(errorsOn(test, data, missing, 0))
                        .testErrorsOnMissingAfter(errorsOn(test, data, missing, bias)).build();
                Models.classifier(model).addOutputBias(missing, (float) bias);
                validation = BiasSearch.apply(validation, classes, missing, bias);
                test = BiasSearch.apply(test, classes, missing, bias);
            }
            EvalResult testResult = Evaluation.score(test, data.test());
            StudentMetrics metrics = StudentMetrics.of(testResult, Evaluation.score(validation, data.validation()),
                    set.images().size(), set.malformed(), summary, biasAdjustment, manifest.generation());
            Hyperparameters hyperparameters = new Hyperparameters(net, config,
                    LossSettings.of(loss), config.seed(), new Hyperparameters.TrainingData(
                            manifest.filters().split(), set.images().size(), manifest.transferSetId(),
                            manifest.teacherModelIds()), null);
            ModelMetadata metadata = ModelMetadataBuilder.builder().modelId(jobId).kind("student")
                    .architecture(net).dataset(manifest.filters().dataset())
                    .filters(filter(manifest, classes)).hyperparameters(hyperparameters).metrics(metrics).seed(config.seed())
                    .engine(engine.getEngineName()).engineVersion(engine.getVersion())
                    .djlVersion(Engine.getDjlVersion()).createdAt(Instant.now()).build();
            ModelArtifact.save(models.dir(jobId), model.getBlock(), metadata);
            ModelMetadata saved = models.publish(jobId, jobId);
            checkpoints.clear();
            return saved;
        }
    }

    /** A student's training batches: the transfer set as streamed, with the teacher's logits if the loss needs them. */
    public static BatchedDataset batches(SoftTargetReader.TransferSet set, StudentRequest request,
            TrainConfig config) {
        return BatchedDataset.builder(set.images()).batchSize(config.batchSize()).shuffle(true).seed(config.seed())
                .teacherLogits(Recipes.loss(request).needsTeacher() ? set.logits() : null).build();
    }

    /** The classes the transfer set kept, out of its data set's {@code classes}. */
    private static ClassFilter filter(TransferSetManifest manifest, int classes) {
        return ClassFilter.of(manifest.filters().omitClasses(), manifest.filters().onlyClasses(), classes);
    }

    private static int errorsOn(float[] logits, Datasets.Splits data, Set<Integer> classes, double bias) {
        float[] adjusted = BiasSearch.apply(logits, data.test().classes(), classes, bias);
        int[] perClass = Evaluation.score(adjusted, data.test()).perClassErrors();
        return classes.stream().mapToInt(c -> perClass[c]).sum();
    }
}
