package io.distill.core.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import io.distill.contract.metrics.TrainingSummary;
import io.distill.contract.requests.TeacherRequest;
import io.distill.core.artifact.Checkpoints;
import io.distill.core.data.BatchedDataset;
import io.distill.core.data.ExampleSet;
import io.distill.core.eval.Evaluation;
import io.distill.core.model.Classifier;
import io.distill.core.model.Models;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop, after DJL's {@code EasyTrain.fit}: epochs of forward, loss, backward and step.
 *
 * <p>Progress, checkpoints, early stopping and cancellation are {@link TrainingListener}s. A run
 * resumed at {@code firstEpoch}, with its weights and optimiser state restored from a
 * {@link Checkpoints}, sees the same batches, dropout masks, learning rates, momentum and early
 * stopping count as the uninterrupted run, and ends with the same weights.
 */
public final class TrainingLoop {

    private TrainingLoop() {}

    /**
     * Each bounded weight's max-norm bound, by parameter id: {@code maxNorm} for every hidden layer, or
     * {@code maxNorms} layer by layer, with the output layer's units bounded too when it has one more entry.
     */
    public static Map<String, Float> maxNormBounds(Classifier block, TrainConfig config) {
        List<Parameter> hidden = block.maxNormWeights();
        Map<String, Float> bounds = new HashMap<>();
        if (config.maxNorms() != null) {
            List<Double> given = config.maxNorms();
            TeacherRequest.maxNormsCountProblem(given.size(), hidden.size()).ifPresent(problem -> {
                throw new IllegalArgumentException("maxNorms " + problem + ".");
            });
            for (int i = 0; i < hidden.size(); i++) {
                bounds.put(hidden.get(i).getId(), given.get(i).floatValue());
            }
            if (given.size() > hidden.size()) {
                bounds.put(Classifier.weightsOf(List.of(block.outputLayer())).get(0).getId(),
                        given.get(hidden.size()).floatValue());
            }
        } else if (config.maxNorm() != null) {
            hidden.forEach(w -> bounds.put(w.getId(), config.maxNorm().floatValue()));
        }
        return bounds;
    }


    /**
     * Trains {@code model}'s {@link Classifier} on {@code train} from epoch {@code firstEpoch} (0-based) to
     * {@code config.epochs()}, scoring {@code validation} (may be null) after each epoch.
     */
    public static TrainingSummary fit(Model model, BatchedDataset train, ExampleSet validation, TrainConfig config,
            Loss loss, int firstEpoch, List<TrainingListener> listeners) throws IOException {
        Classifier block = Models.classifier(model);
        StepSchedule schedule = new StepSchedule(config, train.batchesPerEpoch(), firstEpoch);
        ConstrainedOptimizer optimizer = new ConstrainedOptimizer(config, schedule, maxNormBounds(block, config));
        List<Parameter> trainable = ConstrainedOptimizer.trainable(block);
        DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(loss)
                .optOptimizer(optimizer)
                .optDevices(new ai.djl.Device[] {model.getNDManager().getDevice()});
        // Early stopping counts each epoch before the other listeners, so a checkpoint saves its count.
        EarlyStopping earlyStopping = config.patience() == null ? null : new EarlyStopping(config.patience());
        List<TrainingListener> all = new ArrayList<>();
        if (earlyStopping != null) {
            all.add(earlyStopping);
        }
        all.addAll(listeners);
        RunState state = new RunState(optimizer, earlyStopping);
        // Dropout draws from the engine's generator; reseeding per epoch keeps a resumed run reproducible.
        Engine engine = model.getNDManager().getEngine();

        long runStart = System.nanoTime();
        long examplesRun = 0;
        EpochStats last = null;
        Integer lastValidation = null;
        int epochsRun = 0;
        try (optimizer; Trainer trainer = model.newTrainer(trainingConfig)) {
            for (TrainingListener listener : all) {
                listener.onTrainingStart(block, state);
            }
            for (int epoch = firstEpoch; epoch < config.epochs(); epoch++) {
                final int e = epoch;
                all.forEach(l -> l.onEpochStart(e));
                engine.setRandomSeed((int) (config.seed() * 10_007 + epoch));
                train.setEpoch(epoch);
                last = runEpoch(trainer, trainable, optimizer, train, config, epoch, all);
                examplesRun += last.examples;

                // Score the held-out set with dropout off, then hand the epoch to the listeners.
                Integer validationErrors = validation == null ? null
                        : Evaluation.evaluate(block, model.getNDManager(), validation, 1_000).errors();
                long lastStep = (long) train.batchesPerEpoch() * (epoch + 1) - 1;
                TrainingListener.EpochReport report = TrainingListenerEpochReportBuilder.builder().epoch(epoch + 1)
                        .epochs(config.epochs()).trainLoss(last.meanLoss()).validationErrors(validationErrors)
                        .validationTotal(validation == null ? 0 : validation.size())
                        .examplesPerSecond(last.examplesPerSecond()).seconds(last.seconds())
                        .learningRate(schedule.learningRate(lastStep)).momentum(schedule.momentum(lastStep)).build();
                for (TrainingListener listener : all) {
                    listener.onEpochEnd(report, block);
                }
                lastValidation = validationErrors;
                epochsRun++;
                if (all.stream().anyMatch(TrainingListener::stopRequested)) {
                    break;
                }
            }
        }
        double seconds = (System.nanoTime() - runStart) / 1e9;
        return new TrainingSummary(epochsRun, firstEpoch + epochsRun, last == null ? Double.NaN : last.meanLoss(),
                lastValidation, seconds > 0 ? examplesRun / seconds : 0, seconds);
    }

    /** One pass over the training set. */
    private static EpochStats runEpoch(Trainer trainer, List<Parameter> trainable, ConstrainedOptimizer optimizer,
            BatchedDataset train, TrainConfig config, int epoch, List<TrainingListener> listeners) {
        long start = System.nanoTime();
        double lossSum = 0;
        long examples = 0;
        int index = 0;
        for (Batch batch : train.getData(trainer.getManager())) {
            try (batch) {
                double loss;
                // Forward and loss under the gradient tape, then backward.
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList predictions = trainer.forward(batch.getData(), batch.getLabels());
                    NDArray lossValue = trainer.getLoss().evaluate(batch.getLabels(), predictions);
                    collector.backward(lossValue);
                    loss = lossValue.getFloat();
                }
                // Update the weights (and apply the max-norm bound) with the scheduled rate.
                optimizer.step(trainable);
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("Training diverged at epoch " + (epoch + 1) + ", batch "
                            + (index + 1) + ": the loss is " + loss + ". Lower learningRate or set clipGradient.");
                }
                lossSum += loss * batch.getSize();
                examples += batch.getSize();
            }
            double rate = examples / ((System.nanoTime() - start) / 1e9);
            TrainingListener.BatchReport report = TrainingListenerBatchReportBuilder.builder().epoch(epoch)
                    .epochs(config.epochs()).batch(index).batchesPerEpoch(train.batchesPerEpoch()).examples(examples)
                    .loss(lossSum / examples).examplesPerSecond(rate).build();
            listeners.forEach(l -> l.onBatchEnd(report));
            index++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EpochStats(examples, lossSum / Math.max(1, examples), seconds);
    }

    private record EpochStats(long examples, double meanLoss, double seconds) {
        double examplesPerSecond() {
            return seconds > 0 ? examples / seconds : 0;
        }
    }
}
