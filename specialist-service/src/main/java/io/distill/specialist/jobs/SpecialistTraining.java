package io.distill.specialist.jobs;

import ai.djl.Model;
import ai.djl.engine.Engine;
import io.distill.contract.json.Json;
import io.distill.contract.metrics.TrainedSpecialist;
import io.distill.contract.metrics.TrainedSpecialistBuilder;
import io.distill.contract.metrics.TrainingSummary;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.EnsembleRequest;
import io.distill.core.artifact.Parameters;
import io.distill.core.data.BatchedDataset;
import io.distill.core.data.ExampleSet;
import io.distill.core.model.Classifier;
import io.distill.core.model.Models;
import io.distill.core.specialist.ClassSubset;
import io.distill.core.specialist.SpecialistMix;
import io.distill.core.train.Recipes;
import io.distill.core.train.TrainConfig;
import io.distill.core.train.TrainingListener;
import io.distill.core.train.TrainingLoop;
import io.distill.server.runtime.EngineRuntime;
import io.distill.server.transfer.SoftTargetReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Trains one specialist: the generalist's net with |S|+1 outputs, initialised from the generalist,
 * trained on half S examples and half others labelled dustbin, then its dustbin logit raised by
 * log(oversampling factor), and saved in the given directory (the ensemble keeps it in the object store).
 */
@ApplicationScoped
public class SpecialistTraining {

    private final EngineRuntime runtime;

    public SpecialistTraining(EngineRuntime runtime) {
        this.runtime = runtime;
    }

    public static Path parameters(Path dir, int index) {
        return dir.resolve("specialist-" + index + ".params");
    }

    public TrainedSpecialist train(int index, ClassSubset subset, EnsembleRequest request, Architecture generalist,
            GeneralistWeights weights, SoftTargetReader.TransferSet set, Path dir, List<TrainingListener> listeners)
            throws IOException {
        TrainConfig config = Recipes.specialist(request, index);
        ExampleSet images = set.images();
        SpecialistMix mix = SpecialistMix.draw(labels(images), subset, config.seed());
        ExampleSet train = relabel(images, mix.positions(), subset, "specialist-" + index);
        float[] softTargets = request.learnsSoftTargets() ? restrict(set.logits(), mix.positions(), subset,
                request.temperature(), mix.dustbinLogitShift()) : null;
        Engine engine = runtime.engine();
        double lastLoss;
        try (Model model = Models.create("specialist-" + index, generalist.withOutputs(subset.outputs()), engine,
                runtime.device(), config.seed())) {
            Classifier block = Models.classifier(model);
            weights.initialise(block, subset);
            BatchedDataset batches = BatchedDataset.builder(train).batchSize(config.batchSize()).shuffle(true)
                    .seed(config.seed()).teacherLogits(softTargets).build();
            TrainingSummary summary = TrainingLoop.fit(model, batches, null, config, Recipes.loss(request), 0,
                    listeners);
            // The mix holds S at odds 1:1 against the rest; undo that prior on the dustbin logit.
            lastLoss = summary.lastTrainLoss();
            block.addOutputBias(Set.of(subset.dustbin()), (float) mix.dustbinLogitShift());
            Parameters.save(block, parameters(dir, index));
        }
        TrainedSpecialist trained = TrainedSpecialistBuilder.builder().index(index).classes(subset.members())
                .trainExamples(mix.size()).subsetExamples(mix.subsetExamples()).otherExamples(mix.otherExamples())
                .oversamplingFactor(mix.oversamplingFactor()).dustbinLogitShift(mix.dustbinLogitShift())
                .lastTrainLoss(lastLoss).build();
        // The record goes last and atomically: its presence says the weights beside it are complete.
        Path tmp = dir.resolve("specialist-" + index + ".json.tmp");
        Json.mapper().writeValue(tmp.toFile(), trained);
        Files.move(tmp, dir.resolve("specialist-" + index + ".json"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        return trained;
    }

    /** The size of each specialist's mix, drawn from {@code images} exactly as {@link #train} draws it. */
    static List<Integer> mixSizes(ExampleSet images, List<List<Integer>> subsets, EnsembleRequest request) {
        int[] labels = labels(images);
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < subsets.size(); i++) {
            sizes.add(SpecialistMix.draw(labels, new ClassSubset(subsets.get(i), images.classes()),
                    Recipes.specialist(request, i).seed()).size());
        }
        return sizes;
    }

    /** The set's labels, which a mix is drawn from. */
    private static int[] labels(ExampleSet images) {
        int[] labels = new int[images.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = images.label(i);
        }
        return labels;
    }

    /** The examples at {@code positions}, labelled with the specialist's outputs (dustbin for the rest). */
    static ExampleSet relabel(ExampleSet images, int[] positions, ClassSubset subset, String name) {
        int[] outputs = new int[images.size()];
        for (int i : positions) {
            outputs[i] = subset.output(images.label(i));
        }
        return images.relabel(name, positions, subset.outputs(), outputs);
    }

    /**
     * The generalist's logits at {@code positions}, restricted to S + dustbin at the temperature, with
     * the dustbin lowered by T times the shift. The generalist's beliefs hold the whole set's prior and
     * the hard labels the mix's; lowering its dustbin re-expresses its beliefs in the mix's prior, so
     * both terms teach the same prior and the one shift after training undoes it for both (exactly at
     * T = 1, its tempered analogue above).
     */
    static float[] restrict(float[] logits, int[] positions, ClassSubset subset, double temperature,
            double shift) {
        int classes = subset.classes();
        float[] out = new float[positions.length * subset.outputs()];
        for (int k = 0; k < positions.length; k++) {
            float[] row = subset.restrictLogits(logits, positions[k] * classes, temperature);
            row[subset.dustbin()] -= (float) (temperature * shift);
            System.arraycopy(row, 0, out, k * subset.outputs(), row.length);
        }
        return out;
    }
}
