package io.distill.server.objects;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.distill.core.artifact.Checkpoints;
import io.distill.core.train.RunState;
import io.distill.core.train.TrainingListener;
import io.distill.server.config.DistillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Epoch checkpoints that outlive the replica that wrote them: each is written in the local cache
 * and then copied to the object store under {@code checkpoints/<run>/}, so that the replica taking
 * over a dead one's job resumes from its last epoch.
 */
@ApplicationScoped
public class CheckpointStore {

    private final ObjectStore objects;
    private final Path cache;

    public CheckpointStore(ObjectStore objects, DistillConfig config) {
        this.objects = objects;
        this.cache = config.storePath().resolve("checkpoints");
    }

    /** The checkpoints of run {@code run} (a job id, or job id / member), with the stored one fetched. */
    public Stored open(String run) throws IOException {
        Path dir = cache.resolve(run);
        Files.createDirectories(dir);
        Checkpoints local = new Checkpoints(dir);
        local.clear();
        // The weights and the optimiser's state before the state that names their epoch, as they were uploaded.
        if (objects.download(key(run, Checkpoints.PARAMETERS), dir.resolve(Checkpoints.PARAMETERS))) {
            objects.download(key(run, Checkpoints.OPTIMIZER), dir.resolve(Checkpoints.OPTIMIZER));
            objects.download(key(run, Checkpoints.STATE), dir.resolve(Checkpoints.STATE));
        }
        return new Stored(run, dir, local);
    }

    private static String key(String run, String file) {
        return "checkpoints/" + run + "/" + file;
    }

    /** One run's checkpoints: a training listener that saves each epoch locally and then in the store. */
    public final class Stored implements TrainingListener {

        private final String run;
        private final Path dir;
        private final Checkpoints local;

        private Stored(String run, Path dir, Checkpoints local) {
            this.run = run;
            this.dir = dir;
            this.local = local;
        }

        @Override
        public void onTrainingStart(Block block, RunState state) {
            local.onTrainingStart(block, state);
        }

        @Override
        public void onEpochEnd(EpochReport report, Block block) throws IOException {
            local.onEpochEnd(report, block);
            objects.put(key(run, Checkpoints.PARAMETERS), dir.resolve(Checkpoints.PARAMETERS));
            if (Files.isRegularFile(dir.resolve(Checkpoints.OPTIMIZER))) {
                objects.put(key(run, Checkpoints.OPTIMIZER), dir.resolve(Checkpoints.OPTIMIZER));
            }
            objects.put(key(run, Checkpoints.STATE), dir.resolve(Checkpoints.STATE));
        }

        /** The last stored checkpoint, if any. */
        public Optional<Checkpoints.Checkpoint> latest() throws IOException {
            return local.latest();
        }

        /** Loads the checkpoint's weights into {@code block}, and its optimiser state for the run to take over. */
        public void restore(Block block, NDManager manager) throws IOException {
            local.restore(block, manager);
        }

        /** Deletes the checkpoint here and in the store, once its run has produced a model. */
        public void clear() throws IOException {
            local.clear();
            objects.deleteAll("checkpoints/" + run + "/");
        }
    }
}
