package io.distill.specialist.jobs;

import ai.djl.Model;
import io.distill.contract.json.Json;
import io.distill.contract.metrics.TrainedControl;
import io.distill.contract.metrics.TrainedSpecialist;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.EnsembleRequest;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.Parameters;
import io.distill.core.data.BatchedDataset;
import io.distill.core.data.Datasets;
import io.distill.core.data.ExampleSet;
import io.distill.core.eval.Evaluation;
import io.distill.core.eval.Inference;
import io.distill.core.model.Classifier;
import io.distill.core.model.Models;
import io.distill.core.specialist.ControlLength;
import io.distill.core.train.Recipes;
import io.distill.core.train.TrainConfig;
import io.distill.core.train.TrainingListener;
import io.distill.core.train.TrainingLoop;
import io.distill.server.config.DistillConfig;
import io.distill.server.objects.ObjectStore;
import io.distill.server.runtime.EngineRuntime;
import io.distill.server.transfer.SoftTargetReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Trains, keeps and scores an ensemble's control: the generalist's net with all its weights, trained
 * like the specialists (same loss, optimiser, rate, momentum, batch size and schedule, no jitter) on
 * the whole transfer set with its hard labels, for as many examples as the specialists together. Like
 * a finished specialist, the finished control is kept in the object store under {@code ensembles/<id>/}.
 */
@ApplicationScoped
public class ControlTraining {

    private static final Logger LOG = Logger.getLogger(ControlTraining.class);

    private final EngineRuntime runtime;
    private final ObjectStore objects;
    private final Path scratch;

    public ControlTraining(EngineRuntime runtime, ObjectStore objects, DistillConfig config) {
        this.runtime = runtime;
        this.objects = objects;
        this.scratch = config.storePath().resolve("ensembles");
    }

    /** How the trained control did: its logits on the test split, and its validation errors. */
    public record Scores(float[] testLogits, int validationErrors, int validationTotal) {}

    /** The control of ensemble {@code jobId}: trained from the generalist and stored, or the one stored earlier. */
    public TrainedControl control(String jobId, ControlLength length, EnsembleRequest request, Path generalistDir,
            SoftTargetReader.TransferSet set, List<TrainingListener> listeners) throws IOException {
        Optional<byte[]> done = objects.read(EnsembleTraining.key(jobId, "control.json"));
        if (done.isPresent()) {
            LOG.infof("Ensemble %s: the control was finished by an earlier run", jobId);
            return Json.mapper().readValue(done.get(), TrainedControl.class);
        }
        Path dir = scratch.resolve(jobId);
        Files.createDirectories(dir);
        TrainedControl trained;
        try (ModelArtifact.Loaded g = ModelArtifact.load(generalistDir, runtime.engine(), runtime.device())) {
            trained = train(length, request, g.metadata().architecture(), GeneralistWeights.of(Models.classifier(g.model())),
                    set, dir, listeners);
        }
        // The record goes up after the weights: its presence says they are complete.
        objects.put(EnsembleTraining.key(jobId, "control.params"), parameters(dir));
        objects.put(EnsembleTraining.key(jobId, "control.json"), Json.mapper().writeValueAsBytes(trained));
        return trained;
    }

    /** Trains the control from {@code weights} and saves its weights in {@code dir}. */
    TrainedControl train(ControlLength length, EnsembleRequest request, Architecture generalist,
            GeneralistWeights weights, SoftTargetReader.TransferSet set, Path dir, List<TrainingListener> listeners)
            throws IOException {
        ExampleSet images = set.images();
        if (images.size() != length.transferSetExamples()) {
            throw new IllegalStateException("The transfer set read " + images.size() + " examples, but the"
                    + " control's length was matched for " + length.transferSetExamples() + ".");
        }
        TrainConfig config = Recipes.control(request, length.epochs());
        // The soft term, when the specialists have one, is the generalist's own over all ten classes.
        float[] softTargets = request.learnsSoftTargets() ? set.logits() : null;
        double lastLoss;
        try (Model model = Models.create("control", generalist, runtime.engine(), runtime.device(), config.seed())) {
            Classifier block = Models.classifier(model);
            weights.initialise(block);
            BatchedDataset batches = BatchedDataset.builder(images).batchSize(config.batchSize()).shuffle(true)
                    .seed(config.seed()).teacherLogits(softTargets).build();
            lastLoss = TrainingLoop.fit(model, batches, null, config, Recipes.loss(request), 0, listeners).lastTrainLoss();
            Parameters.save(block, parameters(dir));
        }
        // The record is kept in the object store, after the weights (see control()); none is needed here.
        return length.trained(lastLoss);
    }

    /**
     * The stored control of ensemble {@code jobId}, checked against the specialists it was matched to
     * and scored on the test and validation splits.
     */
    public Scores score(String jobId, EnsembleRequest request, Architecture architecture, Datasets.Splits data,
            List<TrainedSpecialist> trained, TrainedControl control) throws IOException {
        long specialistExamples = trained.stream().mapToLong(t -> (long) t.trainExamples() * request.epochs()).sum();
        if (control.specialistExamples() != specialistExamples) {
            throw new IllegalStateException("The control of ensemble " + jobId + " was matched to "
                    + control.specialistExamples() + " specialist examples, but the specialists trained on "
                    + specialistExamples + ".");
        }
        Path file = parameters(scratch.resolve(jobId));
        if (!objects.download(EnsembleTraining.key(jobId, "control.params"), file)) {
            throw new IOException("The control of ensemble " + jobId + " is not in the object store.");
        }
        try (Model model = Models.create("control", architecture, runtime.engine(), runtime.device(),
                request.seed())) {
            Parameters.load(model.getBlock(), model.getNDManager(), file);
            float[] test = Inference.logits(model.getBlock(), model.getNDManager(), data.test(), 1000);
            int validationErrors = Evaluation.evaluate(model.getBlock(), model.getNDManager(), data.validation(),
                    1000).errors();
            return new Scores(test, validationErrors, data.validation().size());
        }
    }

    static Path parameters(Path dir) {
        return dir.resolve("control.params");
    }
}
