package io.distill.core.artifact;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.distill.contract.json.Json;
import io.distill.core.train.EarlyStopping;
import io.distill.core.train.RunState;
import io.distill.core.train.TrainingListener;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The last completed epoch of a run, kept in a directory so that a killed run can resume.
 *
 * <p>{@code checkpoint.params} holds the weights, {@code checkpoint.optimizer} the optimiser's state
 * (SGD's velocity or Adam's moments) and {@code checkpoint.json} the epoch and early stopping's
 * count. Each is replaced atomically, the JSON last, so the JSON never names weights that are not
 * there. A run resumed without the optimiser's state (a checkpoint from before it was kept)
 * restarts its momentum at zero.
 */
public final class Checkpoints implements TrainingListener {

    public static final String PARAMETERS = "checkpoint.params";
    public static final String OPTIMIZER = "checkpoint.optimizer";
    public static final String STATE = "checkpoint.json";

    private final Path dir;
    private RunState run;
    private NDList restoredOptimizerState;
    private EarlyStopping.State restoredEarlyStopping;

    public Checkpoints(Path dir) {
        this.dir = dir;
    }

    /**
     * A saved epoch: {@code epoch} epochs were complete when the weights were written.
     *
     * @param earlyStopping early stopping's count; null when the run has no patience
     */
    public record Checkpoint(int epoch, double trainLoss, Integer validationErrors,
            EarlyStopping.State earlyStopping, Instant savedAt) {}

    /** Hands the run the state {@link #restore} read, and keeps the run's state to save with each epoch. */
    @Override
    public void onTrainingStart(Block block, RunState state) {
        this.run = state;
        if (restoredOptimizerState != null) {
            state.optimizer().restore(block, restoredOptimizerState);
            restoredOptimizerState = null;
        }
        if (restoredEarlyStopping != null && state.earlyStopping() != null) {
            state.earlyStopping().restore(restoredEarlyStopping);
        }
        restoredEarlyStopping = null;
    }

    @Override
    public void onEpochEnd(EpochReport report, Block block) throws IOException {
        Parameters.save(block, dir.resolve(PARAMETERS));
        // Plain SGD (momentum 0) has no state, and DJL cannot read back an empty list.
        NDList optimizerState = run == null ? new NDList() : run.optimizer().state(block);
        if (optimizerState.isEmpty()) {
            Files.deleteIfExists(dir.resolve(OPTIMIZER));
        } else {
            saveOptimizerState(optimizerState);
        }
        Path tmp = dir.resolve(STATE + ".tmp");
        EarlyStopping.State earlyStopping = run == null || run.earlyStopping() == null ? null
                : run.earlyStopping().state();
        Checkpoint checkpoint = new Checkpoint(report.epoch(), report.trainLoss(), report.validationErrors(),
                earlyStopping, Instant.now());
        Json.mapper().writeValue(tmp.toFile(), checkpoint);
        Files.move(tmp, dir.resolve(STATE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The last checkpoint in this directory, if any. */
    public Optional<Checkpoint> latest() throws IOException {
        Path state = dir.resolve(STATE);
        if (!Files.isRegularFile(state) || !Files.isRegularFile(dir.resolve(PARAMETERS))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(state.toFile(), Checkpoint.class));
        } catch (IOException e) {
            throw new ArtifactException(state, "is not a valid checkpoint: " + e.getMessage(), e);
        }
    }

    /**
     * Loads the checkpoint's weights into {@code block}, which must have the run's architecture, and
     * reads the rest of the run's state, which the run takes over when training starts.
     */
    public void restore(Block block, NDManager manager) throws IOException {
        Parameters.load(block, manager, dir.resolve(PARAMETERS));
        // Loading replaces the arrays; the new ones must be attached to autograd again to train.
        for (Parameter parameter : block.getParameters().values()) {
            if (parameter.requiresGradient()) {
                parameter.getArray().setRequiresGradient(true);
            }
        }
        Path state = dir.resolve(OPTIMIZER);
        restoredOptimizerState = Files.isRegularFile(state) ? readOptimizerState(manager, state) : null;
        restoredEarlyStopping = latest().map(Checkpoint::earlyStopping).orElse(null);
    }

    /** Deletes the checkpoint, once its run has produced a model. */
    public void clear() throws IOException {
        Files.deleteIfExists(dir.resolve(PARAMETERS));
        Files.deleteIfExists(dir.resolve(OPTIMIZER));
        Files.deleteIfExists(dir.resolve(STATE));
    }

    private void saveOptimizerState(NDList state) throws IOException {
        Path tmp = dir.resolve(OPTIMIZER + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
            state.encode(out);
        }
        Files.move(tmp, dir.resolve(OPTIMIZER), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static NDList readOptimizerState(NDManager manager, Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return NDList.decode(manager, in);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ArtifactException(file, "is not an optimizer state: " + e.getMessage(), e);
        }
    }
}
