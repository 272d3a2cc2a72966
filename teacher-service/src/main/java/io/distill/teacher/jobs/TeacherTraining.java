package io.distill.teacher.jobs;

import ai.djl.Model;
import ai.djl.engine.Engine;
import io.distill.contract.metrics.EvalResult;
import io.distill.contract.metrics.TeacherMetrics;
import io.distill.contract.metrics.TrainingSummary;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.ClassFilter;
import io.distill.contract.requests.TeacherRequest;
import io.distill.core.artifact.Checkpoints;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.artifact.ModelMetadataBuilder;
import io.distill.core.data.BatchedDataset;
import io.distill.core.data.Datasets;
import io.distill.core.data.ExampleSet;
import io.distill.core.eval.Evaluation;
import io.distill.core.model.Models;
import io.distill.core.train.DistillationLoss;
import io.distill.core.train.Hyperparameters;
import io.distill.core.train.LossSettings;
import io.distill.core.train.Recipes;
import io.distill.core.train.TrainConfig;
import io.distill.core.train.TrainingLoop;
import io.distill.server.jobs.ProgressTracker;
import io.distill.server.models.ModelStore;
import io.distill.server.objects.CheckpointStore;
import io.distill.server.runtime.EngineRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Trains one teacher (one ensemble member) on hard labels, from its last checkpoint if it has one,
 * then scores it and saves it as an artifact.
 */
@ApplicationScoped
public class TeacherTraining {

    private static final Logger LOG = Logger.getLogger(TeacherTraining.class);

    private final EngineRuntime runtime;
    private final ModelStore models;
    private final CheckpointStore checkpointStore;

    public TeacherTraining(EngineRuntime runtime, ModelStore models, CheckpointStore checkpointStore) {
        this.runtime = runtime;
        this.models = models;
        this.checkpointStore = checkpointStore;
    }

    /** Trains member {@code member} of job {@code jobId} and returns its saved metadata. */
    public ModelMetadata train(String jobId, int member, String modelId, TeacherRequest request,
            Datasets.Splits data, ProgressTracker tracker) throws IOException {
        TrainConfig config = Recipes.teacher(request, member);
        BatchedDataset batches = batches(request, config, data);
        ExampleSet train = batches.images();
        DistillationLoss loss = DistillationLoss.hard();
        Engine engine = runtime.engine();
        CheckpointStore.Stored checkpoints = checkpointStore.open(jobId + "/" + member);
        Architecture net = request.architecture(train.shape(), train.classes());
        try (Model model = Models.create(modelId, net, engine, runtime.device(), config.seed())) {
            int firstEpoch = 0;
            Optional<Checkpoints.Checkpoint> checkpoint = checkpoints.latest();
            if (checkpoint.isPresent()) {
                checkpoints.restore(model.getBlock(), model.getNDManager());
                firstEpoch = checkpoint.get().epoch();
                LOG.infof("Job %s member %d resumes after epoch %d of %d", jobId, member, firstEpoch, config.epochs());
            }
            long start = System.nanoTime();
            // A final teacher trains on the validation split too, so nothing is left to validate on.
            ExampleSet held = request.trainsOnValidation() ? null : data.validation();
            TrainingSummary summary = TrainingLoop.fit(model, batches, held, config, loss, firstEpoch,
                    List.of(checkpoints, tracker));

            EvalResult test = Evaluation.evaluate(model.getBlock(), model.getNDManager(), data.test(), 1000);
            EvalResult validation = held == null ? null
                    : Evaluation.evaluate(model.getBlock(), model.getNDManager(), held, 1000);
            TeacherMetrics metrics = TeacherMetrics.of(test, validation, summary, (System.nanoTime() - start) / 1e9);
            Hyperparameters hyperparameters = new Hyperparameters(net, config,
                    LossSettings.of(loss), config.seed(),
                    new Hyperparameters.TrainingData(held == null ? "train+validation" : "train", train.size(), null,
                            List.of()), null);
            ModelMetadata metadata = ModelMetadataBuilder.builder().modelId(modelId).kind("teacher")
                    .architecture(net).dataset(request.dataset()).filters(ClassFilter.ALL)
                    .hyperparameters(hyperparameters).metrics(metrics).seed(config.seed())
                    .engine(engine.getEngineName()).engineVersion(engine.getVersion())
                    .djlVersion(Engine.getDjlVersion()).createdAt(Instant.now()).build();
            ModelArtifact.save(models.dir(modelId), model.getBlock(), metadata);
            ModelMetadata saved = models.publish(modelId, jobId);
            checkpoints.clear();
            return saved;
        }
    }

    /**
     * A member's training batches: the request's share of the training split (with the validation split after
     * it, for a final teacher), shuffled and jittered by epoch.
     */
    public static BatchedDataset batches(TeacherRequest request, TrainConfig config, Datasets.Splits data) {
        ExampleSet all = request.trainsOnValidation()
                ? data.train().concat(data.train().name() + "+" + data.validation().name(), data.validation())
                : data.train();
        ExampleSet train = request.trainLimit().map(all::limit).orElse(all);
        return BatchedDataset.builder(train).batchSize(config.batchSize()).shuffle(true).jitter(config.jitter())
                .seed(config.seed()).build();
    }
}
